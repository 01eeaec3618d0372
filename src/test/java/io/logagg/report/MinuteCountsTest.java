package io.logagg.report;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.logagg.checkpoint.KeyLayout;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A report's per-minute series over a range: the minutes of the whole hashes that fall in it,
 * summed over the sources, whether the range's own minutes are read or the whole hashes.
 */
class MinuteCountsTest {

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	private JedisConnectionFactory connectionFactory;

	private final List<KeyLayout> sources = List.of(new KeyLayout("web-1"), new KeyLayout("web-2"));

	/** Every minute written, summed over the sources. */
	private final Map<String, Long> written = new TreeMap<>();

	@BeforeEach
	void write() {
		this.connectionFactory = new JedisConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		SplittableRandom random = new SplittableRandom(7);
		try (Jedis jedis = redis.jedis()) {
			jedis.flushAll();
			for (KeyLayout source : this.sources) {
				// Three days, a minute in three with lines: most of a range's minutes have none.
				for (String day : List.of("2026-03-01", "2026-03-02", "2026-03-04")) {
					for (int minute = 0; minute < 1440; minute += random.nextInt(1, 6)) {
						String name = String.format("%sT%02d:%02d", day, minute / 60, minute % 60);
						long count = random.nextInt(1, 100);
						jedis.hincrBy(source.minutes(), name, count);
						jedis.zadd(source.days(), 0, day);
						this.written.merge(name, count, Long::sum);
					}
				}
			}
		}
	}

	@AfterEach
	void disconnect() {
		this.connectionFactory.destroy();
	}

	@Test
	void aRangeHoldsTheMinutesOfTheWholeSeriesWithinIt() {
		StringRedisTemplate template = new StringRedisTemplate(this.connectionFactory);
		String[][] ranges = { { null, null }, { "2026-03-02T00:00", null }, { "2026-03-01T23:58", "2026-03-02T00:03" },
				{ null, "2026-03-01T12:00" }, { "2026-03-03T00:00", "2026-03-03T23:59" }, { "2026-03-04T23:59", null },
				{ "2026-02-01T00:00", null }, { "2026-03-05T00:00", null }, { "2026-03-02T10:10", "2026-03-02T10:10" } };
		for (String[] range : ranges) {
			Map<String, Long> expected = new TreeMap<>();
			this.written.forEach((minute, count) -> {
				if ((range[0] == null || minute.compareTo(range[0]) >= 0) && (range[1] == null || minute.compareTo(range[1]) <= 0)) {
					expected.put(minute, count);
				}
			});
			assertThat(MinuteCounts.read(template, this.sources, range[0], range[1])).as("%s to %s", range[0], range[1])
				.containsExactlyEntriesOf(expected);
		}
	}

	@Test
	void aRangeOfADayReadsItsMinutesNotTheWholeSeries() {
		StringRedisTemplate template = new StringRedisTemplate(this.connectionFactory);
		try (Jedis jedis = redis.jedis()) {
			long wholeReads = calls(jedis, "hgetall");
			assertThat(MinuteCounts.read(template, this.sources, "2026-03-04T00:00", null)).isNotEmpty()
				.allSatisfy((minute, count) -> assertThat(minute).startsWith("2026-03-04"));
			assertThat(calls(jedis, "hgetall")).isEqualTo(wholeReads);
			// A range longer than the series holds reads it whole.
			MinuteCounts.read(template, this.sources, "2025-01-01T00:00", null);
			assertThat(calls(jedis, "hgetall")).isEqualTo(wholeReads + this.sources.size());
		}
	}

	private static long calls(Jedis jedis, String command) {
		Matcher calls = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)").matcher(jedis.info("commandstats"));
		return calls.find() ? Long.parseLong(calls.group(1)) : 0;
	}

}

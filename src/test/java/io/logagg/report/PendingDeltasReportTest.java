package io.logagg.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.logagg.aggregate.AggregateSettings;
import io.logagg.aggregate.ChunkDelta;
import io.logagg.aggregate.PendingFold;
import io.logagg.checkpoint.CheckpointStore;
import io.logagg.checkpoint.KeyLayout;
import io.logagg.parse.AccessLogEntry;
import io.logagg.read.FilePosition;
import io.logagg.read.ReadLine;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fleet's merged report while its sources' chunks wait for their folds: the same rows as once
 * every source has folded, whichever folded first.
 */
class PendingDeltasReportTest {

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	private JedisConnectionFactory connectionFactory;

	@BeforeEach
	void connect() {
		this.connectionFactory = new JedisConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
	}

	@AfterEach
	void disconnect() {
		this.connectionFactory.destroy();
	}

	/** Commits chunks of requests for {@code paths} (minute 0 of 1970-01-01, status 200), folding none. */
	private PendingFold commit(KeyLayout keys, List<List<String>> chunks) {
		PendingFold pending = new PendingFold(AggregateSettings.DEFAULTS, 1 << 20, Duration.ofHours(1));
		try (CheckpointStore store = new CheckpointStore(this.connectionFactory, keys)) {
			long offset = 0;
			for (List<String> paths : chunks) {
				List<ReadLine> lines = new ArrayList<>();
				for (String path : paths) {
					offset += 100;
					lines.add(new ReadLine(new FilePosition("a.log", offset), new AccessLogEntry(200, 0, path, 10)));
				}
				ChunkDelta delta = ChunkDelta.of(lines, 0);
				store.commit(delta.commit());
				pending.add(delta.pendingDelta());
			}
		}
		return pending;
	}

	private Map<String, List<DailyAggregates.PanelRow>> panels(List<KeyLayout> sources) {
		return DailyAggregates.read(new StringRedisTemplate(this.connectionFactory), sources, 100, null, null).panels();
	}

	@Test
	void aMergedReportCountsThePendingChunksOfEverySourceAsItWillOnceTheyAreFolded() {
		KeyLayout one = new KeyLayout("web-1");
		KeyLayout two = new KeyLayout("web-2");
		PendingFold first = commit(one, List.of(List.of("/a", "/b", "/a"), List.of("/a", "/c")));
		PendingFold second = commit(two, List.of(List.of("/c", "/d"), List.of("/a")));
		List<KeyLayout> both = List.of(one, two);

		Map<String, List<DailyAggregates.PanelRow>> pending = panels(both);
		assertThat(pending.get("paths")).containsExactly(new DailyAggregates.PanelRow("/a", 4, 40L),
				new DailyAggregates.PanelRow("/c", 2, 20L), new DailyAggregates.PanelRow("/b", 1, 10L),
				new DailyAggregates.PanelRow("/d", 1, 10L));

		try (CheckpointStore store = new CheckpointStore(this.connectionFactory, one)) {
			store.fold(first.writes());
		}
		assertThat(panels(both)).as("one source folded").isEqualTo(pending);
		try (CheckpointStore store = new CheckpointStore(this.connectionFactory, two)) {
			store.fold(second.writes());
		}
		assertThat(panels(both)).as("both folded").isEqualTo(pending);
		assertThat(redis.jedis().exists("logagg:{web-1}:pending", "logagg:{web-2}:pending")).isZero();
	}

}

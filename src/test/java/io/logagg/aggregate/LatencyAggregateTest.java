package io.logagg.aggregate;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.TreeMap;

import io.logagg.parse.FormatSpec;
import io.logagg.parse.LineParser;
import io.logagg.parse.ParsedLine;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

/** The latency accumulator: what a chunk holds per minute, and what it costs in memory. */
class LatencyAggregateTest {

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	private static final LineParser PARSER = FormatSpec.compile("nginx:[$time_local] $status $request_time");

	/** Adds a line of the minute {@code HH:mm} of 2026-11-20 and the duration in seconds. */
	private static void add(Aggregate.Accumulator accumulator, String minute, String seconds) {
		byte[] line = ("[20/Nov/2026:" + minute + ":07 +0000] 200 " + seconds).getBytes(StandardCharsets.US_ASCII);
		ParsedLine parsed = new ParsedLine();
		assertThat(PARSER.parse(line, 0, line.length, parsed)).isTrue();
		accumulator.add(parsed);
	}

	private static long minute(String minute) {
		return ZonedDateTime.parse("2026-11-20T" + minute + ":00Z").toEpochSecond() / 60;
	}

	/** The buckets per minute of a chunk's part, as a fold reads them from its pending delta. */
	private static Map<Long, Map<Integer, Long>> byMinute(io.logagg.checkpoint.ChunkWrites drained) {
		Map<String, DayFieldCounts> parts = new TreeMap<>();
		DeltaEncoding.decodeInto(DeltaEncoding.encode(java.util.List.of((PendingPart) drained)), parts);
		return new LatencyAggregate.Writes(parts.get(LatencyAggregate.KIND), AggregateSettings.DEFAULTS).byMinute();
	}

	@Test
	void aChunkHoldsEachMinutesBucketsWhateverOrderItsLinesComeIn() {
		Aggregate.Accumulator accumulator = new LatencyAggregate(AggregateSettings.DEFAULTS).accumulator();
		add(accumulator, "10:00", "0.100");
		add(accumulator, "10:00", "0.100");
		add(accumulator, "10:01", "2.000");
		add(accumulator, "10:00", "0.100");
		add(accumulator, "10:00", "0.300");
		assertThat(accumulator.retainedBytes()).as("three buckets of two minutes, one of them twice")
			.isEqualTo(4L * LatencyAggregate.BUCKET_BYTES);

		Map<Long, Map<Integer, Long>> writes = byMinute(accumulator.drain(new Aggregate.ChunkCounts(5, 0, 0)));
		int tenth = LatencyAggregate.bucket(100_000);
		int twoSeconds = LatencyAggregate.bucket(2_000_000);
		int third = LatencyAggregate.bucket(300_000);
		Map<Long, Map<Integer, Long>> expected = new TreeMap<>();
		expected.put(minute("10:00"), new TreeMap<>(Map.of(tenth, 3L, third, 1L)));
		expected.put(minute("10:01"), new TreeMap<>(Map.of(twoSeconds, 1L)));
		assertThat(writes).isEqualTo(expected);
		assertThat(accumulator.retainedBytes()).isZero();

		add(accumulator, "10:02", "0.100");
		Map<Long, Map<Integer, Long>> next = byMinute(accumulator.drain(new Aggregate.ChunkCounts(1, 0, 0)));
		assertThat(next).as("the next chunk's own lines only").isEqualTo(Map.of(minute("10:02"), Map.of(tenth, 1L)));
		assertThat(accumulator.drain(new Aggregate.ChunkCounts(0, 0, 0))).as("nothing left").isNull();
	}


	/** Chunks' durations wait in their pending deltas: their fold writes each minute once, with their sum. */
	@Test
	void aFoldWritesTheSumOfItsChunksBucketsOncePerMinute() {
		Aggregate.Accumulator accumulator = new LatencyAggregate(AggregateSettings.DEFAULTS).accumulator();
		PendingFold pending = new PendingFold(AggregateSettings.DEFAULTS, 1 << 20, java.time.Duration.ofHours(1));
		add(accumulator, "10:00", "0.100");
		add(accumulator, "10:01", "2.000");
		pending.add(DeltaEncoding.encode(java.util.List.of((PendingPart) accumulator.drain(new Aggregate.ChunkCounts(2, 0, 0)))));
		add(accumulator, "10:01", "2.000");
		add(accumulator, "10:01", "0.100");
		pending.add(DeltaEncoding.encode(java.util.List.of((PendingPart) accumulator.drain(new Aggregate.ChunkCounts(2, 0, 0)))));
		int tenth = LatencyAggregate.bucket(100_000);
		int twoSeconds = LatencyAggregate.bucket(2_000_000);
		Map<Long, Map<Integer, Long>> sum = new TreeMap<>();
		sum.put(minute("10:00"), Map.of(tenth, 1L));
		sum.put(minute("10:01"), new TreeMap<>(Map.of(twoSeconds, 2L, tenth, 1L)));
		java.util.List<io.logagg.checkpoint.ChunkWrites> writes = pending.writes();
		assertThat(writes).hasSize(1);
		assertThat(((LatencyAggregate.Writes) writes.get(0)).byMinute()).isEqualTo(sum);
	}

	/** A chunk's buckets land as HINCRBY would add them, into a histogram new or held, with its time to live. */
	@Test
	void aChunksBucketsAddUpInANewHistogramAndInAHeldOne() {
		try (Jedis jedis = redis.jedis()) {
			jedis.hset("held", Map.of("7", "5", "9", "1"));
			for (String key : java.util.List.of("new", "held")) {
				for (java.util.List<String> chunk : java.util.List.of(java.util.List.of("60", "7", "2", "8", "3"), java.util.List.of("120", "8", "1", "1000", "4"))) {
					jedis.eval(LatencyAggregate.ADD_BUCKETS, java.util.List.of(key), chunk);
				}
			}
			assertThat(jedis.hgetAll("new")).isEqualTo(Map.of("7", "2", "8", "4", "1000", "4"));
			assertThat(jedis.hgetAll("held")).isEqualTo(Map.of("7", "7", "8", "4", "9", "1", "1000", "4"));
			assertThat(jedis.ttl("new")).isBetween(60L, 120L);
		}
	}

}

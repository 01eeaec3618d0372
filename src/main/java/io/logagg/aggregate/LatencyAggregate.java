package io.logagg.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.datadoghq.sketch.ddsketch.mapping.CubicallyInterpolatedMapping;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import io.logagg.checkpoint.ChunkWrites;
import io.logagg.checkpoint.TransactionCommands;
import io.logagg.parse.LogField;
import io.logagg.parse.Numbers;
import io.logagg.parse.ParsedLine;

/**
 * Request durations as log-scale histograms (DDSketch's index mapping, 1 % relative error per
 * bucket), which merge by adding counts: hash {@code latency:MINUTE} per UTC minute (kept
 * {@code logagg.retention.minutes}) and {@code latency:DAY} per UTC day (kept
 * {@code logagg.retention.days}), bucket index to count. Any range's percentiles come from the sum
 * of its buckets.
 */
public final class LatencyAggregate implements Aggregate {

	/** Durations in microseconds to bucket indexes and back; the report reads with the same. */
	public static final IndexMapping MAPPING = new CubicallyInterpolatedMapping(0.01);

	/** Durations are counted from 1 µs (a 0 counts as 1 µs) to about 116 days. */
	private static final double MAX_MICROS = 1e13;

	private static final int BUCKETS = MAPPING.index(MAX_MICROS) + 1;

	private final AggregateSettings settings;

	public LatencyAggregate(AggregateSettings settings) {
		this.settings = settings;
	}

	/** The bucket of a duration in microseconds. */
	public static int bucket(long micros) {
		return MAPPING.index(Math.min(Math.max(micros, 1), MAX_MICROS));
	}

	@Override
	public Set<LogField> needs() {
		return Set.of(LogField.TIME, LogField.DURATION);
	}

	@Override
	public Accumulator accumulator() {
		return new Accumulator() {

			/**
			 * The counts of the minute of the latest lines, one per bucket: a line costs an array
			 * increment. Reused, and emptied through {@link #touched} into {@link #earlier} when the
			 * minute changes, so that a chunk of a minute a line holds its few buckets per minute,
			 * not an array of all of them.
			 */
			private final long[] current = new long[BUCKETS];

			private final int[] touched = new int[BUCKETS];

			private int touchedCount;

			private long currentMinute = Long.MIN_VALUE;

			/** The chunk's other minutes: bucket to count. */
			private final Map<Long, Map<Integer, Long>> earlier = new TreeMap<>();

			/** Bytes {@link #earlier} holds, summed as it grows. */
			private long retained;

			@Override
			public void add(ParsedLine line) {
				long micros = line.durationMicros();
				if (micros < 0) {
					return;
				}
				long minute = line.epochMinute();
				if (minute != this.currentMinute) {
					setAside();
					this.currentMinute = minute;
				}
				int bucket = bucket(micros);
				if (this.current[bucket]++ == 0) {
					this.touched[this.touchedCount++] = bucket;
				}
			}

			/** Moves the current minute's counts into {@link #earlier} and empties the array. */
			private void setAside() {
				if (this.touchedCount == 0) {
					return;
				}
				Map<Integer, Long> buckets = this.earlier.computeIfAbsent(this.currentMinute, minute -> new TreeMap<>());
				for (int i = 0; i < this.touchedCount; i++) {
					int bucket = this.touched[i];
					if (buckets.merge(bucket, this.current[bucket], Long::sum) == this.current[bucket]) {
						this.retained += BUCKET_BYTES;
					}
					this.current[bucket] = 0;
				}
				this.touchedCount = 0;
			}

			@Override
			public long retainedBytes() {
				// The current minute's buckets count as if set aside: at most one per line.
				return this.retained + (long) this.touchedCount * BUCKET_BYTES;
			}

			@Override
			public ChunkWrites drain(ChunkCounts chunk) {
				setAside();
				this.currentMinute = Long.MIN_VALUE;
				if (this.earlier.isEmpty()) {
					return null;
				}
				byte[] counts = encode(this.earlier);
				this.earlier.clear();
				this.retained = 0;
				return new PendingPart(KIND, counts);
			}

		};
	}

	/** The kind of latency's parts in pending deltas. */
	public static final String KIND = "latency";

	/**
	 * A chunk's buckets as a part's counts ({@link DeltaEncoding}): each minute where a panel's part
	 * has a day, each bucket (its index in decimal, the field Redis keeps) where a panel has a member,
	 * and its count; no bytes.
	 */
	static byte[] encode(Map<Long, Map<Integer, Long>> byMinute) {
		DeltaEncoding.Writer out = new DeltaEncoding.Writer(16 + byMinute.size() * 8 + 16 * byMinute.values().stream().mapToInt(Map::size).sum());
		out.varint(byMinute.size());
		byMinute.forEach((minute, buckets) -> {
			out.varint(minute);
			out.varint(buckets.size());
			buckets.forEach((bucket, count) -> {
				out.bytes(PanelAggregate.ascii(bucket));
				out.varint(count);
				out.varint(0);
			});
		});
		return out.toByteArray();
	}

	/**
	 * What a minute's bucket costs a chunk, estimated: its entry, boxed key and count in a
	 * {@code TreeMap}, and its arguments in the chunk's writes.
	 */
	static final int BUCKET_BYTES = 128;

	/**
	 * Adds a chunk's buckets to a histogram and sets its time to live: one script per histogram
	 * rather than a command per bucket, as a chunk brings hundreds of buckets and Redis runs a loop
	 * of calls in a script for less. A histogram that does not exist yet (most of a chunk's
	 * minutes: a chunk of nginx lines spans several) gets its buckets in one {@code HSET}: one
	 * {@code HINCRBY} each was most of the million such calls a million lines with durations made.
	 * KEYS: the histogram; ARGV: seconds to live, then bucket, count pairs, each bucket once (at
	 * most about 1,500 buckets at 1 %: 3,000 values, within what Lua's {@code unpack} takes).
	 * Inside the chunk's MULTI/EXEC like every other write.
	 */
	static final String ADD_BUCKETS = """
			if redis.call('EXISTS', KEYS[1]) == 0 then
			  redis.call('HSET', KEYS[1], unpack(ARGV, 2))
			else
			  for i = 2, #ARGV, 2 do
			    redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1])
			  end
			end
			redis.call('EXPIRE', KEYS[1], ARGV[1])
			return #ARGV
			""";

	/**
	 * A fold's buckets per epoch minute, summed over its chunks ({@link DayFieldCounts} keyed by
	 * minute, not day): each minute's histogram, and its day's, gets them in one script. Written once
	 * per fold rather than per chunk: a chunk of a million nginx lines a day spans a minute or two,
	 * and its day's histogram took a few hundred increments at every chunk (1.5 of Redis's 2.1 s per
	 * million such lines).
	 */
	static final class Writes implements ChunkWrites {

		/** The buckets per epoch minute: each field a bucket's index in decimal, as Redis keeps it. */
		private final DayFieldCounts byMinute;

		private final AggregateSettings settings;

		Writes(DayFieldCounts byMinute, AggregateSettings settings) {
			this.byMinute = byMinute;
			this.settings = settings;
		}

		/** Bucket to count per epoch minute, built on each call: what a test compares. */
		Map<Long, Map<Integer, Long>> byMinute() {
			Map<Long, Map<Integer, Long>> buckets = new TreeMap<>();
			this.byMinute.days().forEach((minute, fields) -> {
				Map<Integer, Long> ofMinute = new TreeMap<>();
				fields.forEach((bucket, sum) -> ofMinute.put(Integer.parseInt(bucket), sum[0]));
				buckets.put(minute, ofMinute);
			});
			return buckets;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Writes that && this.byMinute.equals(that.byMinute) && this.settings.equals(that.settings);
		}

		@Override
		public int hashCode() {
			return this.byMinute.hashCode();
		}

		@Override
		public String toString() {
			return "latency " + this.byMinute;
		}

		/**
		 * Each minute's buckets as they are held (their fields' bytes, no String or boxed number: a
		 * fold of a backlog's day writes 1,440 minutes of a few hundred buckets, on the step's
		 * thread), and each day's sum of them.
		 */
		@Override
		public void queue(TransactionCommands commands) {
			byte[] minuteTtl = PanelAggregate.ascii(this.settings.minuteRetention().toSeconds());
			Map<Long, long[]> byDay = new TreeMap<>();
			this.byMinute.forEachDay((buckets, minute) -> {
				List<byte[]> args = new ArrayList<>(1 + buckets.size() * 2);
				args.add(minuteTtl);
				long[] day = byDay.computeIfAbsent(LocalDay.of(minute), d -> new long[BUCKETS]);
				buckets.forEachRaw((bucket, count, none) -> {
					args.add(bucket);
					args.add(PanelAggregate.ascii(count));
					day[(int) Numbers.digits(bucket, 0, bucket.length)] += count;
				});
				commands.evalBytes(ADD_BUCKETS, List.of(commands.keys().latency(MinutesAggregate.minuteKey(minute))), args);
			});
			byte[] dayTtl = PanelAggregate.ascii(this.settings.dayRetention().toSeconds());
			byDay.forEach((day, buckets) -> {
				List<byte[]> args = new ArrayList<>();
				args.add(dayTtl);
				for (int bucket = 0; bucket < buckets.length; bucket++) {
					if (buckets[bucket] != 0) {
						args.add(PanelAggregate.ascii(bucket));
						args.add(PanelAggregate.ascii(buckets[bucket]));
					}
				}
				commands.evalBytes(ADD_BUCKETS, List.of(commands.keys().latency(LocalDay.name(day))), args);
			});
		}

	}

}

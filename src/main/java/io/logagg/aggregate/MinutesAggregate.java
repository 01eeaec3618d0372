package io.logagg.aggregate;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.logagg.checkpoint.ChunkWrites;
import io.logagg.checkpoint.TransactionCommands;
import io.logagg.parse.LogField;
import io.logagg.parse.ParsedLine;

/** Requests per UTC minute: hash {@code minutes}, {@code yyyy-MM-ddTHH:mm} to count. */
public final class MinutesAggregate implements Aggregate {

	private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm");

	/** The key of a minute in the per-minute hash: {@code yyyy-MM-ddTHH:mm}, UTC. */
	public static String minuteKey(long epochMinute) {
		return LocalDateTime.ofEpochSecond(epochMinute * 60, 0, ZoneOffset.UTC).format(MINUTE);
	}

	@Override
	public Set<LogField> needs() {
		return Set.of(LogField.TIME);
	}

	@Override
	public Accumulator accumulator() {
		return new Accumulator() {

			/** A long[1] per minute: one allocation per distinct minute, none per line. */
			private final TimeBuckets<long[]> minutes = new TimeBuckets<>(minute -> new long[1]);

			@Override
			public void add(ParsedLine line) {
				this.minutes.at(line.epochMinute())[0]++;
			}

			@Override
			public long retainedBytes() {
				return this.minutes.smallBucketBytes();
			}

			@Override
			public ChunkWrites drain(ChunkCounts chunk) {
				Map<String, Long> counts = new TreeMap<>();
				this.minutes.values().forEach((minute, count) -> counts.put(minuteKey(minute), count[0]));
				this.minutes.clear();
				return counts.isEmpty() ? null : new Counts(counts);
			}

		};
	}

	/** A chunk's counts per minute. */
	record Counts(Map<String, Long> counts) implements ChunkWrites {

		@Override
		public void queue(TransactionCommands commands) {
			String key = commands.keys().minutes();
			this.counts.forEach((minute, count) -> commands.hincrBy(key, minute, count));
		}

	}

}

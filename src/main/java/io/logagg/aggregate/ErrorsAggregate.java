package io.logagg.aggregate;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.logagg.checkpoint.ChunkWrites;
import io.logagg.checkpoint.TransactionCommands;
import io.logagg.parse.LogField;
import io.logagg.parse.ParsedLine;

/**
 * Responses 4xx and 5xx per UTC minute: hash {@code errors:DAY}, field {@code HH:mm 4xx} or
 * {@code HH:mm 5xx} to count, kept {@code logagg.retention.minutes} after its last write.
 */
public final class ErrorsAggregate implements Aggregate {

	private final AggregateSettings settings;

	public ErrorsAggregate(AggregateSettings settings) {
		this.settings = settings;
	}

	@Override
	public Set<LogField> needs() {
		return Set.of(LogField.TIME, LogField.STATUS);
	}

	@Override
	public Accumulator accumulator() {
		return new Accumulator() {

			/** Per epoch minute: 4xx, 5xx. */
			private final TimeBuckets<long[]> minutes = new TimeBuckets<>(minute -> new long[2]);

			@Override
			public void add(ParsedLine line) {
				int status = line.status();
				if (status >= 400 && status < 600) {
					this.minutes.at(line.epochMinute())[status / 100 - 4]++;
				}
			}

			@Override
			public long retainedBytes() {
				return this.minutes.smallBucketBytes();
			}

			@Override
			public ChunkWrites drain(ChunkCounts chunk) {
				if (this.minutes.values().isEmpty()) {
					return null;
				}
				Map<Long, long[]> counts = new TreeMap<>(this.minutes.values());
				this.minutes.clear();
				return new Writes(counts, ErrorsAggregate.this.settings);
			}

		};
	}

	/**
	 * A field of {@code errors:DAY}: {@code HH:mm 4xx} or {@code HH:mm 5xx}, written here and read
	 * by reports.
	 *
	 * @param hourMinute the minute of the day, {@code HH:mm}
	 * @param serverErrors true for the 5xx, false for the 4xx
	 */
	public record Field(String hourMinute, boolean serverErrors) {

		/** The field as Redis holds it. */
		public String text() {
			return this.hourMinute + (this.serverErrors ? " 5xx" : " 4xx");
		}

		/** The field that {@link #text} wrote. */
		public static Field of(String text) {
			return new Field(text.substring(0, 5), text.endsWith("5xx"));
		}

	}

	/** A chunk's 4xx and 5xx per epoch minute. */
	record Writes(Map<Long, long[]> minutes, AggregateSettings settings) implements ChunkWrites {

		@Override
		public void queue(TransactionCommands commands) {
			Map<Long, String> keys = new TreeMap<>();
			this.minutes.forEach((minute, counts) -> {
				long day = LocalDay.of(minute);
				String key = keys.computeIfAbsent(day, d -> commands.keys().errors(LocalDay.name(d)));
				String hhmm = MinutesAggregate.minuteKey(minute).substring(11);
				if (counts[0] > 0) {
					commands.hincrBy(key, new Field(hhmm, false).text(), counts[0]);
				}
				if (counts[1] > 0) {
					commands.hincrBy(key, new Field(hhmm, true).text(), counts[1]);
				}
			});
			keys.values().forEach(key -> commands.expire(key, this.settings.minuteRetention()));
		}

	}

}

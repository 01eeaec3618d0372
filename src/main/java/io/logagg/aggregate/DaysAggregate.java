package io.logagg.aggregate;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.logagg.checkpoint.ChunkWrites;
import io.logagg.checkpoint.TransactionCommands;
import io.logagg.parse.LogField;
import io.logagg.parse.ParsedLine;

/**
 * Lines and response bytes per UTC day: hash {@code day:DAY} ({@code lines}, {@code bytes}), kept
 * {@code logagg.retention.days} after its last write, and the sorted set {@code days} that lists them (scored by epoch
 * day), which drops the days past retention of the newest one written.
 */
public final class DaysAggregate implements Aggregate {

	private final AggregateSettings settings;

	public DaysAggregate(AggregateSettings settings) {
		this.settings = settings;
	}

	@Override
	public Set<LogField> needs() {
		return Set.of(LogField.TIME);
	}

	@Override
	public Accumulator accumulator() {
		return new Accumulator() {

			/** Per epoch day: lines, bytes. */
			private final TimeBuckets<long[]> days = new TimeBuckets<>(day -> new long[2]);

			private final DayOfMinute dayOf = new DayOfMinute();

			@Override
			public void add(ParsedLine line) {
				long[] counts = this.days.at(this.dayOf.of(line.epochMinute()));
				counts[0]++;
				counts[1] += line.size();
			}

			@Override
			public ChunkWrites drain(ChunkCounts chunk) {
				if (this.days.values().isEmpty()) {
					return null;
				}
				Map<Long, long[]> counts = new TreeMap<>(this.days.values());
				this.days.clear();
				return new Writes(counts, DaysAggregate.this.settings);
			}

		};
	}

	/** A chunk's lines and bytes per epoch day. */
	record Writes(Map<Long, long[]> days, AggregateSettings settings) implements ChunkWrites {

		@Override
		public void queue(TransactionCommands commands) {
			String index = commands.keys().days();
			this.days.forEach((day, counts) -> {
				String name = LocalDay.name(day);
				String key = commands.keys().day(name);
				commands.hincrBy(key, "lines", counts[0]);
				commands.hincrBy(key, "bytes", counts[1]);
				commands.expire(key, this.settings.dayRetention());
				commands.zadd(index, day, name);
			});
			long newest = Collections.max(this.days.keySet());
			commands.zremBelow(index, newest - this.settings.dayRetention().toDays());
		}

	}

}

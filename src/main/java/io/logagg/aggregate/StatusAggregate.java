package io.logagg.aggregate;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.logagg.checkpoint.ChunkWrites;
import io.logagg.checkpoint.TransactionCommands;
import io.logagg.parse.LogField;
import io.logagg.parse.ParsedLine;

/** Requests per status code: hash {@code status}, code to count. */
public final class StatusAggregate implements Aggregate {

	private static final String[] KEYS = new String[1000];

	static {
		for (int code = 0; code < KEYS.length; code++) {
			KEYS[code] = String.format("%03d", code);
		}
	}

	@Override
	public Set<LogField> needs() {
		return Set.of(LogField.STATUS);
	}

	@Override
	public Accumulator accumulator() {
		return new Accumulator() {

			private final long[] counts = new long[1000];

			@Override
			public void add(ParsedLine line) {
				this.counts[line.status()]++;
			}

			@Override
			public ChunkWrites drain(ChunkCounts chunk) {
				Map<String, Long> status = new TreeMap<>();
				for (int code = 0; code < this.counts.length; code++) {
					if (this.counts[code] > 0) {
						status.put(KEYS[code], this.counts[code]);
						this.counts[code] = 0;
					}
				}
				return status.isEmpty() ? null : new Counts(status);
			}

		};
	}

	/** A chunk's counts per status code. */
	record Counts(Map<String, Long> counts) implements ChunkWrites {

		@Override
		public void queue(TransactionCommands commands) {
			String key = commands.keys().status();
			this.counts.forEach((code, count) -> commands.hincrBy(key, code, count));
		}

	}

}

package io.logagg.aggregate;

import java.util.Map;
import java.util.Set;

import io.logagg.checkpoint.ChunkWrites;
import io.logagg.checkpoint.TransactionCommands;
import io.logagg.parse.LogField;
import io.logagg.parse.ParsedLine;

/**
 * Well-formed lines, malformed lines and response bytes: {@code totals} {@code lines},
 * {@code malformed}, {@code bytes}; and the lines each filter left out, {@code filtered:NAME}.
 */
public final class TotalsAggregate implements Aggregate {

	/** The prefix of a filter's field in {@code totals}: {@code filtered:crawlers}. */
	public static final String FILTERED = "filtered:";

	@Override
	public Set<LogField> needs() {
		return Set.of();
	}

	@Override
	public Accumulator accumulator() {
		return new Accumulator() {

			@Override
			public void add(ParsedLine line) {
			}

			/** The chunk's own counts are these totals: nothing to add up per line. */
			@Override
			public boolean readsLines() {
				return false;
			}

			@Override
			public ChunkWrites drain(ChunkCounts counts) {
				return (counts.lines() > 0 || counts.malformed() > 0 || !counts.filtered().isEmpty())
						? new Totals(counts.lines(), counts.malformed(), counts.bytes(), counts.filtered()) : null;
			}

		};
	}

	/** A chunk's totals; {@code filtered} are the lines each filter left out ({@code filtered:NAME}). */
	record Totals(long lines, long malformed, long bytes, Map<String, Long> filtered) implements ChunkWrites {

		Totals(long lines, long malformed, long bytes) {
			this(lines, malformed, bytes, Map.of());
		}

		@Override
		public void queue(TransactionCommands commands) {
			String key = commands.keys().totals();
			if (this.lines > 0) {
				commands.hincrBy(key, "lines", this.lines);
				commands.hincrBy(key, "bytes", this.bytes);
			}
			if (this.malformed > 0) {
				commands.hincrBy(key, "malformed", this.malformed);
			}
			this.filtered.forEach((filter, count) -> commands.hincrBy(key, FILTERED + filter, count));
		}

	}

}

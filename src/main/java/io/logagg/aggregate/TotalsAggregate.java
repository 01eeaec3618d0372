package io.logagg.aggregate;

import java.util.Set;

import io.logagg.checkpoint.ChunkWrites;
import io.logagg.checkpoint.TransactionCommands;
import io.logagg.parse.LogField;
import io.logagg.parse.ParsedLine;

/** Well-formed lines, malformed lines and response bytes: {@code totals} {@code lines}, {@code malformed}, {@code bytes}. */
public final class TotalsAggregate implements Aggregate {

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
				return (counts.lines() > 0 || counts.malformed() > 0)
						? new Totals(counts.lines(), counts.malformed(), counts.bytes()) : null;
			}

		};
	}

	/** A chunk's totals. */
	record Totals(long lines, long malformed, long bytes) implements ChunkWrites {

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
		}

	}

}

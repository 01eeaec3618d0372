package io.logagg.aggregate;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.logagg.checkpoint.ChunkWrites;
import io.logagg.checkpoint.TransactionCommands;
import io.logagg.parse.LogField;
import io.logagg.parse.ParsedLine;

/** Requests per path (no query string): sorted set {@code paths}, path scored by count. */
public final class PathsAggregate implements Aggregate {

	@Override
	public Set<LogField> needs() {
		return Set.of(LogField.PATH);
	}

	@Override
	public Accumulator accumulator() {
		return new Accumulator() {

			private final MemberCounts paths = new MemberCounts();

			@Override
			public void add(ParsedLine line) {
				int from = line.from(LogField.PATH);
				if (from >= 0) {
					this.paths.add(line.bytes(), from, line.to(LogField.PATH));
				}
			}

			@Override
			public long retainedBytes() {
				return this.paths.retainedBytes();
			}

			@Override
			public ChunkWrites drain(ChunkCounts chunk) {
				if (this.paths.size() == 0) {
					return null;
				}
				Map<String, Long> counts = new HashMap<>(this.paths.size() * 2);
				this.paths.drainTo(counts);
				return new Counts(counts);
			}

		};
	}

	/** A chunk's counts per path. */
	record Counts(Map<String, Long> counts) implements ChunkWrites {

		@Override
		public void queue(TransactionCommands commands) {
			String key = commands.keys().paths();
			this.counts.forEach((path, count) -> commands.zincrBy(key, count, path));
		}

	}

}

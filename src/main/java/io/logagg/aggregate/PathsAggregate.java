package io.logagg.aggregate;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import io.logagg.checkpoint.ChunkWrites;
import io.logagg.checkpoint.TransactionCommands;
import io.logagg.parse.LogField;
import io.logagg.parse.ParsedLine;

/**
 * Requests per path (no query string) since the source's first line: sorted set {@code paths},
 * path scored by count. A chunk's counts go in its pending delta and a fold adds them up, one
 * {@code ZINCRBY} per distinct path per fold: per chunk, a real log's paths were 360,000 commands a
 * million lines, a fifth of the job's time.
 */
public final class PathsAggregate implements Aggregate {

	/** The kind of the all-time paths' parts in pending deltas. */
	public static final String KIND = "paths";

	/** The sorted set has no day: its counts travel in a part's one day, the epoch's. */
	static final long ALL_TIME = 0;

	@Override
	public Set<LogField> needs() {
		return Set.of(LogField.PATH);
	}

	@Override
	public Accumulator accumulator() {
		return new Accumulator() {

			private final MembersByDay paths = new MembersByDay();

			@Override
			public void add(ParsedLine line) {
				int from = line.from(LogField.PATH);
				if (from >= 0) {
					this.paths.add(ALL_TIME, 0, line.bytes(), from, line.to(LogField.PATH), 0);
				}
			}

			@Override
			public long retainedBytes() {
				return this.paths.retainedBytes();
			}

			@Override
			public ChunkWrites drain(ChunkCounts chunk) {
				byte[] counts = this.paths.encode(false);
				return (counts != null) ? new PendingPart(KIND, counts) : null;
			}

		};
	}

	/** Counts per path, one chunk's or a fold's. */
	record Writes(DayFieldCounts counts) implements ChunkWrites {

		@Override
		public void queue(TransactionCommands commands) {
			String key = commands.keys().paths();
			// Decoded as UTF-8, as the paths were before they were folded: the set keeps its members.
			this.counts.forEachDay((paths, day) -> paths
				.forEachRaw((path, count, bytes) -> commands.zincrBy(key, count, new String(path, StandardCharsets.UTF_8))));
		}

	}

}

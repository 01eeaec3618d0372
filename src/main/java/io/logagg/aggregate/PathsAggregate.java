package io.logagg.aggregate;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.logagg.checkpoint.ChunkWrites;
import io.logagg.checkpoint.TransactionCommands;
import io.logagg.parse.LogField;
import io.logagg.parse.ParsedLine;

/**
 * Requests per path (no query string) since the source's first line: sorted set {@code paths},
 * path scored by count. A chunk's counts go in its pending delta and a fold adds them up, one
 * {@code ZINCRBY} per distinct path per fold: per chunk, a real log's paths were 360,000 commands a
 * million lines, a fifth of the job's time. Where the {@code paths} panel is kept (the default), its
 * part of the delta holds the same counts per day: the chunk then carries a marker that says so
 * ({@link #CARRIED_BY_PANEL}) instead of the paths a second time, and reading the delta sums the
 * panel's part into this one's ({@link DeltaEncoding#decodeInto}).
 */
public final class PathsAggregate implements Aggregate {

	/** The kind of the all-time paths' parts in pending deltas. */
	public static final String KIND = "paths";

	/** The sorted set has no day: its counts travel in a part's one day, the epoch's. */
	static final long ALL_TIME = 0;

	/**
	 * The kind of the marker part that says the chunk's {@code panel:paths} part holds its paths'
	 * counts too; it must come before that part, as this aggregate comes before the panels.
	 */
	static final String CARRIED_BY_PANEL = "paths=panel:paths";

	/** The marker's counts: no day. */
	private static final byte[] NO_DAYS = { 0 };

	private final boolean carriedByPanel;

	/** @param carriedByPanel whether the {@code paths} panel is kept, and carries the counts */
	public PathsAggregate(boolean carriedByPanel) {
		this.carriedByPanel = carriedByPanel;
	}

	@Override
	public Set<LogField> needs() {
		return Set.of(LogField.PATH);
	}

	@Override
	public Accumulator accumulator() {
		return new Accumulator() {

			private final MembersByDay paths = new MembersByDay();

			/** Whether a line of the chunk had a path, when the panel carries them. */
			private boolean carried;

			@Override
			public void add(ParsedLine line) {
				int from = line.from(LogField.PATH);
				if (from < 0) {
					return;
				}
				if (PathsAggregate.this.carriedByPanel) {
					this.carried = true;
				}
				else {
					this.paths.add(ALL_TIME, 0, line.bytes(), from, line.to(LogField.PATH), 0);
				}
			}

			@Override
			public long retainedBytes() {
				return this.paths.retainedBytes();
			}

			@Override
			public ChunkWrites drain(ChunkCounts chunk) {
				if (this.carried) {
					this.carried = false;
					return new PendingPart(CARRIED_BY_PANEL, NO_DAYS);
				}
				byte[] counts = this.paths.encode(false);
				return (counts != null) ? new PendingPart(KIND, counts) : null;
			}

		};
	}

	/**
	 * Adds the all-time paths' counts a pending delta holds to {@code into}, path by path: what a
	 * fold of it would add to the sorted set (tests and tools; a fold sums deltas its own way).
	 */
	public static void countsIn(byte[] delta, Map<String, Long> into) {
		Map<String, DayFieldCounts> parts = new TreeMap<>();
		DeltaEncoding.decodeInto(delta, parts);
		DayFieldCounts paths = parts.get(KIND);
		if (paths != null) {
			paths.days().values().forEach(fields -> fields.forEach((path, counts) -> into.merge(path, counts[0], Long::sum)));
		}
	}

	private static boolean ascii(byte[] bytes) {
		for (byte b : bytes) {
			if (b < 0) {
				return false;
			}
		}
		return true;
	}

	/** Counts per path, one chunk's or a fold's. */
	record Writes(DayFieldCounts counts) implements ChunkWrites {

		@Override
		public void queue(TransactionCommands commands) {
			String key = commands.keys().paths();
			this.counts.forEachDay((paths, day) -> paths.forEachRaw((path, count, bytes) -> {
				// Members as UTF-8 decodes and encodes them, as before the paths were folded: the same
				// bytes where they are ASCII (no copy: a fold can hold megabytes of long paths), else
				// with invalid sequences replaced.
				if (ascii(path)) {
					commands.zincrBy(key, count, path);
				}
				else {
					commands.zincrBy(key, count, new String(path, StandardCharsets.UTF_8));
				}
			}));
		}

	}

}

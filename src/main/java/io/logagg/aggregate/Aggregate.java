package io.logagg.aggregate;

import java.util.Set;

import io.logagg.checkpoint.ChunkWrites;
import io.logagg.parse.LogField;
import io.logagg.parse.ParsedLine;
import io.logagg.read.RejectedLine;

/**
 * One thing logagg counts, from the fields of each line to its Redis keys: a new aggregate is one
 * class and its registration in {@link Aggregates}. Its writes go into each chunk's transaction
 * with the checkpoint, so it is counted exactly once like everything else.
 */
public interface Aggregate {

	/** The fields a line must have for this aggregate; a format that lacks one goes without it. */
	Set<LogField> needs();

	/** A new accumulator for the lines of one chunk. */
	Accumulator accumulator();

	/**
	 * True for an aggregate whose work per line is a table of distinct members (a panel,
	 * slowPaths): the chunk's builder runs these on a thread of its own, beside the reading and
	 * parsing ({@link SplitChunkBuilder}).
	 */
	default boolean countsMembers() {
		return false;
	}

	/**
	 * Sums a chunk's lines, creating nothing per line where it can. Not thread-safe: one per chunk
	 * builder, reused after {@link #drain}. A class rather than an interface: the per-line call is
	 * then a virtual call, which C1 (advised for runs from cron) makes cheaper than an interface's.
	 */
	abstract class Accumulator {

		/** A well-formed line; its fields are valid during this call only. */
		public abstract void add(ParsedLine line);

		/**
		 * False for an accumulator with nothing to do per well-formed line (malformed samples):
		 * it is then not called for each, a call less per line.
		 */
		public boolean readsLines() {
			return true;
		}

		/** A malformed line: most aggregates have nothing to do with it. */
		public void malformed(String file, RejectedLine rejected) {
		}

		/**
		 * Bytes held beyond fixed counters (distinct keys, samples, time buckets), estimated as they
		 * are added: the chunk's memory bound. Asked for at every line, so it must be a field's read.
		 */
		public long retainedBytes() {
			return 0;
		}

		/**
		 * What the chunk's lines add, or null if nothing; the accumulator starts over.
		 * @param counts the chunk's line counts, which every chunk keeps anyway
		 */
		public abstract ChunkWrites drain(ChunkCounts counts);

	}

	/**
	 * The counts of a chunk's lines.
	 *
	 * @param lines well-formed lines
	 * @param malformed malformed lines
	 * @param bytes the well-formed lines' response bytes
	 * @param filtered well-formed lines each filter left out, by its name
	 */
	record ChunkCounts(long lines, long malformed, long bytes, java.util.Map<String, Long> filtered) {

		public ChunkCounts {
			filtered = java.util.Map.copyOf(filtered);
		}

		/** The counts of a chunk that no filter touched. */
		public ChunkCounts(long lines, long malformed, long bytes) {
			this(lines, malformed, bytes, java.util.Map.of());
		}


	}

}

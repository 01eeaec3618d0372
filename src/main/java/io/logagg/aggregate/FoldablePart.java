package io.logagg.aggregate;

import io.logagg.checkpoint.ChunkWrites;

/**
 * A chunk's part whose writes grow with its distinct values (a panel's members, slowPaths' fields):
 * it does not go to its keys with the chunk. The chunk commits it encoded in its pending delta, and
 * a fold writes the sum of many chunks' parts of the same {@link #kind}, once per distinct value.
 */
public interface FoldablePart extends ChunkWrites {

	/** What the part counts, the same for every chunk: {@code panel:agents}, {@code slowPaths}. */
	String kind();

	/** Its counts per day and field. */
	DayFieldCounts counts();

}

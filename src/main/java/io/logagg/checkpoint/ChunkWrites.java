package io.logagg.checkpoint;

/**
 * What one aggregate adds to Redis for one chunk: its commands, queued into the chunk's one
 * transaction with the checkpoint, so that aggregates and checkpoint never disagree.
 */
@FunctionalInterface
public interface ChunkWrites {

	/** Queues the commands that apply this chunk's part; nothing else may write them. */
	void queue(TransactionCommands commands);

	/**
	 * Reads what a fold's part rewrites rather than adds to, before {@link #queue} is called: on the
	 * fold's connection, after the WATCH that guards its transaction, so that what it reads cannot
	 * change before the transaction commits (a writer that changed it moved the checkpoint too: the
	 * transaction is refused and the fold fails, as a commit would). Called again when a fold is
	 * tried again after a lost connection. A chunk's commits never call it.
	 */
	default void read(WatchedReads reads) {
	}

}

package io.logagg.checkpoint;

/**
 * What one aggregate adds to Redis for one chunk: its commands, queued into the chunk's one
 * transaction with the checkpoint, so that aggregates and checkpoint never disagree.
 */
@FunctionalInterface
public interface ChunkWrites {

	/** Queues the commands that apply this chunk's part; nothing else may write them. */
	void queue(TransactionCommands commands);

}

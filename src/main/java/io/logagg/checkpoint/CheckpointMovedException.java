package io.logagg.checkpoint;

import io.logagg.read.FilePosition;

/**
 * The stored checkpoint is not where this run left it: another runner committed, or someone reset
 * the source. Nothing of the chunk was applied.
 */
public class CheckpointMovedException extends RuntimeException {

	public CheckpointMovedException(String source, FilePosition expected, FilePosition found) {
		super("Checkpoint of source '" + source + "' moved: expected " + expected + " but found " + found
				+ " (another logagg run on the same source, or a reset); nothing of this chunk was applied");
	}

}

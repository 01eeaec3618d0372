package io.logagg.aggregate;

/** Told of each chunk once its transaction is in Redis: for progress and metrics. */
@FunctionalInterface
public interface CommitListener {

	/**
	 * @param delta the chunk just committed
	 * @param nanos how long its commit took, retries included
	 */
	void committed(ChunkDelta delta, long nanos);

}

package io.logagg.aggregate;

/**
 * Looks at the first chunk a run read before it is committed: may refuse it (nothing of it is
 * then committed) or add to its transaction.
 */
@FunctionalInterface
public interface FirstChunkCheck {

	/** Commits the first chunk as it is. */
	FirstChunkCheck NONE = first -> first;

	/**
	 * @param first the run's first chunk
	 * @return the chunk to commit: {@code first}, or it with more writes
	 * @throws RuntimeException to refuse it; the run fails, its checkpoint where it was
	 */
	ChunkDelta check(ChunkDelta first);

	/** The checks in order, each given what the one before returned. */
	static FirstChunkCheck all(FirstChunkCheck... checks) {
		return first -> {
			ChunkDelta checked = first;
			for (FirstChunkCheck check : checks) {
				checked = check.check(checked);
			}
			return checked;
		};
	}

}

package io.logagg.aggregate;

import io.logagg.checkpoint.CheckpointStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.util.Assert;

/**
 * Commits each {@link ChunkDelta}, with the checkpoint after it, through the
 * {@link CheckpointStore}: one Redis transaction per delta, in order. Counts what this step
 * execution committed, for the run summary, and logs progress every few seconds. Not thread-safe:
 * deltas must arrive in file order.
 */
public class AggregatingItemWriter implements ItemStreamWriter<ChunkDelta> {

	/** Execution-context key: well-formed lines committed by this execution. */
	public static final String LINES_KEY = "AggregatingItemWriter.lines";

	/** Execution-context key: malformed lines committed by this execution. */
	public static final String MALFORMED_KEY = "AggregatingItemWriter.malformed";

	/** Execution-context key: response bytes committed by this execution. */
	public static final String BYTES_KEY = "AggregatingItemWriter.bytes";

	private static final Logger logger = LoggerFactory.getLogger(AggregatingItemWriter.class);

	private static final long PROGRESS_INTERVAL_NANOS = 5_000_000_000L;

	private final CheckpointStore store;

	private long lines;

	private long malformed;

	private long bytes;

	private long lastProgress = System.nanoTime();

	public AggregatingItemWriter(CheckpointStore store) {
		Assert.notNull(store, "store must not be null");
		this.store = store;
	}

	@Override
	public void write(Chunk<? extends ChunkDelta> chunk) {
		for (ChunkDelta delta : chunk) {
			this.store.commit(delta);
			this.lines += delta.lines();
			this.malformed += delta.malformed();
			this.bytes += delta.bytes();
		}
		long now = System.nanoTime();
		if (now - this.lastProgress >= PROGRESS_INTERVAL_NANOS && !chunk.isEmpty()) {
			this.lastProgress = now;
			logger.info("committed {} lines ({} malformed) so far; checkpoint {}", this.lines + this.malformed,
					this.malformed, chunk.getItems().get(chunk.size() - 1).end());
		}
	}

	@Override
	public void update(ExecutionContext executionContext) {
		executionContext.putLong(LINES_KEY, this.lines);
		executionContext.putLong(MALFORMED_KEY, this.malformed);
		executionContext.putLong(BYTES_KEY, this.bytes);
	}

}

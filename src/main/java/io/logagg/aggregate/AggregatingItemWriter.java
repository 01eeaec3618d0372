package io.logagg.aggregate;

import io.logagg.checkpoint.CheckpointStore;
import io.logagg.read.FilePosition;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.util.Assert;

/**
 * Commits each {@link ChunkDelta}, with the checkpoint after it, through the
 * {@link CheckpointStore}: one Redis transaction per delta, in order. Counts what this step
 * execution committed, for the run summary, and reports each commit (progress). Not thread-safe:
 * deltas must arrive in file order.
 */
public class AggregatingItemWriter implements ItemStreamWriter<ChunkDelta>, StepExecutionListener {

	/** Execution-context key: well-formed lines committed by this execution. */
	public static final String LINES_KEY = "AggregatingItemWriter.lines";

	/** Execution-context key: malformed lines committed by this execution. */
	public static final String MALFORMED_KEY = "AggregatingItemWriter.malformed";

	/** Execution-context key: response bytes committed by this execution. */
	public static final String BYTES_KEY = "AggregatingItemWriter.bytes";

	/** Execution-context key: the file of the checkpoint this execution's last commit stored. */
	public static final String CHECKPOINT_FILE_KEY = "AggregatingItemWriter.checkpointFile";

	/** Execution-context key: the offset of the checkpoint this execution's last commit stored. */
	public static final String CHECKPOINT_OFFSET_KEY = "AggregatingItemWriter.checkpointOffset";

	private final CheckpointStore store;

	private final CommitListener committed;

	private final FirstChunkCheck firstChunk;

	private boolean firstChecked;

	private long lines;

	private long malformed;

	private long bytes;

	/** The end of the last chunk committed, or null. */
	private FilePosition committedEnd;

	/**
	 * @param store where chunks are committed
	 * @param committed told of each chunk once it is in Redis (progress)
	 */
	public AggregatingItemWriter(CheckpointStore store, CommitListener committed) {
		this(store, committed, FirstChunkCheck.NONE);
	}

	/**
	 * @param store where chunks are committed
	 * @param committed told of each chunk once it is in Redis (progress)
	 * @param firstChunk looks at this execution's first chunk before it is committed
	 */
	public AggregatingItemWriter(CheckpointStore store, CommitListener committed, FirstChunkCheck firstChunk) {
		Assert.notNull(store, "store must not be null");
		Assert.notNull(committed, "committed must not be null");
		Assert.notNull(firstChunk, "firstChunk must not be null");
		this.store = store;
		this.committed = committed;
		this.firstChunk = firstChunk;
	}

	@Override
	public void write(Chunk<? extends ChunkDelta> chunk) {
		for (ChunkDelta read : chunk) {
			ChunkDelta delta = read;
			if (!this.firstChecked) {
				delta = this.firstChunk.check(read);
				this.firstChecked = true;
			}
			long start = System.nanoTime();
			this.store.commit(delta.commit());
			long nanos = System.nanoTime() - start;
			this.lines += delta.lines();
			this.malformed += delta.malformed();
			this.bytes += delta.bytes();
			this.committedEnd = delta.end();
			this.committed.committed(delta, nanos);
		}
	}

	@Override
	public void update(ExecutionContext executionContext) {
		executionContext.putLong(LINES_KEY, this.lines);
		executionContext.putLong(MALFORMED_KEY, this.malformed);
		executionContext.putLong(BYTES_KEY, this.bytes);
		if (this.committedEnd != null) {
			executionContext.putString(CHECKPOINT_FILE_KEY, this.committedEnd.file());
			executionContext.putLong(CHECKPOINT_OFFSET_KEY, this.committedEnd.offset());
		}
	}

	/**
	 * Leaves the counts of every committed chunk in the step's context, also when the step failed:
	 * Spring Batch saved it last at the previous job-repository update, and rolls back the update
	 * of a chunk that fails, but what was committed to Redis stays committed.
	 */
	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		update(stepExecution.getExecutionContext());
		return null;
	}

	/** The store holds a connection from commit to commit; the step is done with it. */
	@Override
	public void close() {
		this.store.close();
	}

}

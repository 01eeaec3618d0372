package io.logagg.aggregate;

import io.logagg.checkpoint.CheckpointStore;
import io.logagg.read.FilePosition;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.util.Assert;

/**
 * Commits each {@link ChunkDelta}, with the checkpoint after it, through the
 * {@link CheckpointStore}: one Redis transaction per delta, in order. Its foldable parts go in as
 * the chunk's pending delta and are summed in a {@link PendingFold}, which this writer folds when it
 * passes its bound and at the end of the step. Counts what this step
 * execution committed, for the run summary, and reports each commit (progress). Not thread-safe:
 * deltas must arrive in file order.
 */
public class AggregatingItemWriter implements ItemStreamWriter<ChunkDelta>, StepExecutionListener {

	private static final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(AggregatingItemWriter.class);

	/** Execution-context key: well-formed lines committed by this execution. */
	public static final String LINES_KEY = "AggregatingItemWriter.lines";

	/** Execution-context key: malformed lines committed by this execution. */
	public static final String MALFORMED_KEY = "AggregatingItemWriter.malformed";

	/** Execution-context key: well-formed lines the filters left out in the chunks this execution committed. */
	public static final String FILTERED_KEY = "AggregatingItemWriter.filtered";

	/** Execution-context key: response bytes committed by this execution. */
	public static final String BYTES_KEY = "AggregatingItemWriter.bytes";

	/** Execution-context key: the file of the checkpoint this execution's last commit stored. */
	public static final String CHECKPOINT_FILE_KEY = "AggregatingItemWriter.checkpointFile";

	/** Execution-context key: the offset of the checkpoint this execution's last commit stored. */
	public static final String CHECKPOINT_OFFSET_KEY = "AggregatingItemWriter.checkpointOffset";

	private final CheckpointStore store;

	private final CommitListener committed;

	private final FirstChunkCheck firstChunk;

	private final PendingFold pending;

	private int folds;

	private long foldNanos;

	private boolean firstChecked;

	private long lines;

	private long malformed;

	private long bytes;

	private long filtered;

	/** The end of the last chunk committed, or null. */
	private FilePosition committedEnd;

	/**
	 * @param store where chunks are committed
	 * @param committed told of each chunk once it is in Redis (progress)
	 */
	public AggregatingItemWriter(CheckpointStore store, CommitListener committed) {
		this(store, committed, FirstChunkCheck.NONE,
				new PendingFold(AggregateSettings.DEFAULTS, 64 << 20, java.time.Duration.ofMinutes(1)));
	}

	/**
	 * @param store where chunks are committed
	 * @param committed told of each chunk once it is in Redis (progress)
	 * @param firstChunk looks at this execution's first chunk before it is committed
	 * @param pending what the committed chunks' pending deltas add up to, and when to fold them
	 */
	public AggregatingItemWriter(CheckpointStore store, CommitListener committed, FirstChunkCheck firstChunk,
			PendingFold pending) {
		Assert.notNull(store, "store must not be null");
		Assert.notNull(committed, "committed must not be null");
		Assert.notNull(firstChunk, "firstChunk must not be null");
		Assert.notNull(pending, "pending must not be null");
		this.store = store;
		this.committed = committed;
		this.firstChunk = firstChunk;
		this.pending = pending;
	}

	/**
	 * Folds the deltas an earlier run left pending (it was killed, or its fold failed) before this
	 * run commits anything: the only time the job reads deltas back.
	 */
	@Override
	public void open(ExecutionContext executionContext) {
		for (byte[] delta : this.store.pendingDeltas()) {
			this.pending.add(delta);
		}
		if (this.pending.chunks() > 0) {
			logger.info("folding {} chunk(s) an earlier run left pending ({} distinct values)", this.pending.chunks(),
					this.pending.distinct());
			fold();
		}
	}

	@Override
	public void write(Chunk<? extends ChunkDelta> chunk) {
		for (ChunkDelta read : chunk) {
			ChunkDelta delta = read;
			if (!this.firstChecked) {
				delta = this.firstChunk.check(read);
				this.firstChecked = true;
			}
			byte[] pendingDelta = delta.pendingDelta();
			if (this.pending.dueBefore((pendingDelta != null) ? pendingDelta.length : 0)) {
				fold();
			}
			long start = System.nanoTime();
			this.store.commit(delta.commit());
			long nanos = System.nanoTime() - start;
			if (pendingDelta != null) {
				this.pending.add(pendingDelta);
			}
			this.lines += delta.lines();
			this.malformed += delta.malformed();
			this.bytes += delta.bytes();
			this.filtered += delta.filtered();
			this.committedEnd = delta.end();
			this.committed.committed(delta, nanos);
		}
	}

	@Override
	public void update(ExecutionContext executionContext) {
		executionContext.putLong(LINES_KEY, this.lines);
		executionContext.putLong(MALFORMED_KEY, this.malformed);
		executionContext.putLong(BYTES_KEY, this.bytes);
		executionContext.putLong(FILTERED_KEY, this.filtered);
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
		if (this.pending.chunks() > 0) {
			try {
				fold();
			}
			catch (RuntimeException ex) {
				// Nothing is lost: the deltas stay in Redis, reports merge them, the next run folds them.
				if (stepExecution.getStatus() != BatchStatus.COMPLETED) {
					logger.warn("could not fold the {} chunk(s) pending at the end of the run either: {}", this.pending.chunks(),
							ex.getMessage());
					return null;
				}
				// A run that read everything but could not fold failed all the same (Redis went away):
				// its exit code says so, and the next run folds what it left.
				stepExecution.setStatus(BatchStatus.FAILED);
				stepExecution.addFailureException(ex);
				return ExitStatus.FAILED.addExitDescription(ex);
			}
		}
		if (this.folds > 0) {
			logger.debug("{} fold(s) in {} ms", this.folds, this.foldNanos / 1_000_000);
		}
		return null;
	}

	/** Writes every pending delta, summed, and deletes them: one transaction. */
	private void fold() {
		long start = System.nanoTime();
		int chunks = this.pending.chunks();
		long distinct = this.pending.distinct();
		try {
			this.store.fold(this.pending.writes());
		}
		catch (RuntimeException ex) {
			this.pending.forgetHeldDays();
			throw ex;
		}
		this.pending.clear();
		long nanos = System.nanoTime() - start;
		this.folds++;
		this.foldNanos += nanos;
		logger.debug("folded {} chunk(s), {} distinct values, in {} ms", chunks, distinct, nanos / 1_000_000);
	}

	/** The store holds a connection from commit to commit; the step is done with it. */
	@Override
	public void close() {
		this.pending.forgetHeldDays();
		this.store.close();
	}

}

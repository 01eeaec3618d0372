package io.logagg.aggregate;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

import io.logagg.read.FilePosition;
import io.logagg.filter.LineFilters;
import io.logagg.read.LogFileItemReader;
import io.logagg.read.ReadPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.util.Assert;

/**
 * Reads {@code chunkSize} lines at a time from a {@link LogFileItemReader} and sums them into one
 * {@link ChunkDelta}: the step's items are chunks of lines, so Spring Batch's per-item work is
 * paid once per thousand lines, not once per line. While the step lags behind (a backlog, where
 * Redis is the slow one) a chunk grows by {@code chunkSize} lines at a time, up to
 * {@code chunkGrowth} times; any chunk ends early once what it holds passes its share of the heap
 * ({@link #maxChunkBytes}).
 *
 * <p>A read-ahead thread reads and parses the next chunks while the step thread waits on Redis
 * and the job repository: on two cores that overlap is most of the speed. It hands the panels'
 * counting to a second thread ({@link SplitChunkBuilder}), which completes each chunk. Deltas come
 * out in file order, and each one's end is the checkpoint its own transaction stores, so reading
 * ahead never moves the checkpoint past a line that was not committed. The read-ahead thread owns
 * the line reader; {@link #read}, {@link #update} and {@link #close} run on the step's thread.
 */
public class ChunkDeltaReader implements ItemStreamReader<ChunkDelta>, StepExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(ChunkDeltaReader.class);

	/**
	 * Deltas read ahead of the step, at most. Deep enough that the reader keeps going while the
	 * step waits on H2 or a pause, and the step while the reader waits on the JIT: on two cores
	 * the two take turns being the slow one (4 made a cold run about 20 % slower than 256).
	 */
	private static final int READ_AHEAD = 256;

	/**
	 * The share of the heap that the chunks read ahead may hold in all (distinct members, visitors,
	 * minutes, samples), split between the readers: an eighth, 32 MB in the 256 MB that
	 * {@code bin/logagg run} gives, 16 MB in {@code schedule}'s 128 MB. A fold holds the step 120-180
	 * ms on a real-shaped backlog, and a sixteenth filled in about 50 ms: the read-ahead stood still
	 * for the rest. An eighth: real-shaped million 1.88 -> 1.81 s of job time, nginx lines with
	 * durations 3.38 -> 3.15 s; a quarter did better (1.89 -> 1.66 s, 3.43 -> 2.88 s) but ran 60 KB
	 * paths out of 128 MB under G1, whose arrays of half a region take whole regions (a fifth failed
	 * too, a sixth passed).
	 */
	private static final int READ_AHEAD_SHARE = 8;

	/**
	 * The share of the heap at which a chunk ends early, per reader: what it holds beyond fixed
	 * counters ({@link ChunkDelta.Builder#retainedBytes}), so that neither 1000 lines of long,
	 * distinct paths nor a grown chunk of a minute a line can fill the heap; its checkpoint is as
	 * exact. The step holds up to {@code chunks-per-update} chunks taken from the read-ahead before
	 * it writes them: at a 256th of the heap a chunk (1 MB in 256 MB, 0.5 MB in {@code schedule}'s
	 * 128 MB), 50 of them and the read-ahead take under a third of it. A 128th was too much under
	 * G1 (the JVM's default collector, not bin/logagg's): a delta of a little over a region's half
	 * takes two whole regions, and 1,500 paths of 60 KB ran a 128 MB heap out.
	 */
	private static final int CHUNK_SHARE = 256;

	/**
	 * Chunks waiting for the step that show Redis (or the job repository) to be the slow one. Low
	 * enough that the read-ahead's share of a 128 MB heap leaves room for it (a 1000-line chunk of
	 * real lines holds about 0.3 MB).
	 */
	static final int BACKED_UP = 16;

	private final LogFileItemReader lines;

	private final int chunkSize;

	private final int maxChunkSize;

	private final int maxChunkBytes;

	private final int readAheadBudget;

	private final List<Aggregate> aggregates;

	private final Consumer<ReadPlan> planned;

	private final BlockingQueue<Object> ready = new ArrayBlockingQueue<>(READ_AHEAD);

	/** Permits are bytes of {@link #readAheadBudget} held by deltas in {@link #ready}. */
	private final Semaphore readAheadBytes;

	private final LineFilters filters;

	private Thread readAhead;

	/** Chunks the read-ahead thread has ended: some may still be with the members' thread. */
	private long chunksEnded;

	/** Chunks the step has taken; written by the step's thread only. */
	private volatile long chunksTaken;

	/** The read-ahead's builder, once the read-ahead thread is done with it: its members' thread to stop. */
	private volatile SplitChunkBuilder members;

	private volatile boolean closing;

	private boolean ended;

	private FilePosition last;

	/**
	 * @param lines the line reader, used by the read-ahead thread only once opened
	 * @param chunkSize lines per delta while the step keeps up; a multiple of it while it lags
	 * @param chunkGrowth how many times {@code chunkSize} lines a delta grows to, at most, while
	 * the step lags. Redis's work per chunk grows with its distinct keys, not its lines: a backlog
	 * of real lines in 16,000-line chunks costs Redis about a third of what it costs in 1000-line
	 * ones (docs/design/journal.md). The bound keeps the lines re-read after a crash, and those between
	 * two looks at a stop request ({@code chunks-per-update} chunks), to seconds of reading.
	 * @param readers how many readers run at once in this JVM (the sources a fleet reads at once):
	 * they share the heap, and each bounds its chunks and read-ahead to its part
	 * @param aggregates what each delta sums
	 * @param planned told what there is to read once the reader is open (progress)
	 */
	public ChunkDeltaReader(LogFileItemReader lines, int chunkSize, int chunkGrowth, int readers, List<Aggregate> aggregates,
			Consumer<ReadPlan> planned) {
		this(lines, chunkSize, chunkGrowth, readers, aggregates, LineFilters.NONE, planned);
	}

	/**
	 * As above, leaving out the lines that {@code filters} drop (counted by filter).
	 */
	public ChunkDeltaReader(LogFileItemReader lines, int chunkSize, int chunkGrowth, int readers, List<Aggregate> aggregates,
			LineFilters filters, Consumer<ReadPlan> planned) {
		Assert.notNull(lines, "lines must not be null");
		Assert.isTrue(chunkSize > 0, "chunkSize must be positive");
		Assert.isTrue(chunkGrowth > 0, "chunkGrowth must be positive");
		Assert.isTrue(readers > 0, "readers must be positive");
		this.lines = lines;
		this.chunkSize = chunkSize;
		this.maxChunkSize = (int) Math.min((long) chunkSize * chunkGrowth, Integer.MAX_VALUE);
		this.maxChunkBytes = maxChunkBytes(readers);
		this.readAheadBudget = heapShare(READ_AHEAD_SHARE * readers, 4 << 20, 64 << 20);
		this.readAheadBytes = new Semaphore(this.readAheadBudget);
		this.aggregates = List.copyOf(aggregates);
		this.filters = filters;
		this.planned = planned;
	}

	@Override
	public void open(ExecutionContext executionContext) {
		this.lines.open(executionContext);
		this.lines.plan().warnings().forEach(logger::warn);
		this.planned.accept(this.lines.plan());
		this.readAhead = new Thread(this::readAhead, "logagg-read-ahead");
		this.readAhead.setDaemon(true);
		this.readAhead.start();
	}

	private void readAhead() {
		SplitChunkBuilder builder = new SplitChunkBuilder(this.aggregates, this.filters, new SplitChunkBuilder.Sink() {

			@Override
			public void chunk(ChunkDelta delta, long retainedBytes) throws InterruptedException {
				int bytes = (int) Math.min(retainedBytes, ChunkDeltaReader.this.readAheadBudget);
				ChunkDeltaReader.this.readAheadBytes.acquire(bytes);
				ChunkDeltaReader.this.ready.put(new Queued(delta, bytes));
			}

			@Override
			public void end() throws InterruptedException {
				ChunkDeltaReader.this.ready.put(End.INSTANCE);
			}

			@Override
			public void failure(RuntimeException failure) {
				offer(failure);
			}

		}, this.maxChunkBytes, "logagg-members");
		try {
			while (!this.closing && !builder.failed()) {
				boolean read = this.lines.readInto(builder);
				if (builder.lines() > 0 && (!read || full(builder.lines()) || builder.retainedBytes() >= this.maxChunkBytes)) {
					builder.endChunk(this.lines.position(), this.lines.takeFilesUpdate());
					this.chunksEnded++;
				}
				if (!read) {
					builder.end();
					return;
				}
			}
		}
		catch (SplitChunkBuilder.Interrupted ex) {
			// closing, or the members' thread failed: it passes its failure on itself
		}
		catch (RuntimeException ex) {
			failed(builder, ex);
		}
		catch (Error ex) {
			// Out of memory, say: the step must fail, not wait for a delta that will never come.
			failed(builder, new ItemStreamException("reading ahead failed: " + ex, ex));
		}
		finally {
			if (this.closing) {
				// Stopped here too, in case the step's close was itself interrupted while it waited
				// for this thread. (Not when the members' thread failed: it may be telling the step.)
				builder.close();
			}
			this.members = builder;
		}
	}

	/** Passes a failure on after the chunks read before it, unless the reader is closing. */
	private static void failed(SplitChunkBuilder builder, RuntimeException failure) {
		try {
			builder.fail(failure);
		}
		catch (SplitChunkBuilder.Interrupted ex) {
			// closing: nobody reads the failure any more
		}
	}

	/**
	 * Whether a chunk of {@code lines} lines is done: at {@code chunk-size} lines while the step keeps
	 * up, else at the next multiple of it, up to {@code chunkGrowth} times, once it no longer lags.
	 */
	private boolean full(int lines) {
		return lines % this.chunkSize == 0 && (lines >= this.maxChunkSize || this.chunksEnded - this.chunksTaken < BACKED_UP);
	}

	private void offer(RuntimeException failure) {
		try {
			this.ready.put(failure);
		}
		catch (InterruptedException ex) {
			// closing: nobody reads the failure any more
		}
	}

	@Override
	public ChunkDelta read() {
		if (this.ended) {
			return null;
		}
		Object next;
		try {
			next = this.ready.take();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ItemStreamException("interrupted while waiting for the next chunk", ex);
		}
		if (next instanceof RuntimeException failure) {
			this.ended = true;
			throw failure;
		}
		if (next == End.INSTANCE) {
			this.ended = true;
			return null;
		}
		Queued queued = (Queued) next;
		this.chunksTaken++;
		this.readAheadBytes.release(queued.bytes());
		this.last = queued.delta().end();
		return queued.delta();
	}

	/** The bytes at which a chunk ends early, for one of {@code readers} readers sharing the heap. */
	static int maxChunkBytes(int readers) {
		return heapShare(CHUNK_SHARE * readers, 256 << 10, 8 << 20);
	}

	/** {@code 1/share} of the JVM's maximum heap, within {@code [min, max]}. */
	private static int heapShare(int share, int min, int max) {
		return (int) Math.max(min, Math.min(max, Runtime.getRuntime().maxMemory() / share));
	}

	/** Chunks (and the end, or a failure) read ahead and not yet taken by the step. */
	int waiting() {
		return this.ready.size();
	}

	@Override
	public void update(ExecutionContext executionContext) {
		// Mirrors what was handed to the step, not how far the read-ahead got.
		if (this.last != null) {
			executionContext.putString(LogFileItemReader.FILE_KEY, this.last.file());
			executionContext.putLong(LogFileItemReader.OFFSET_KEY, this.last.offset());
		}
		executionContext.putInt(LogFileItemReader.FILES_OPENED_KEY, this.lines.filesOpened());
	}

	/**
	 * Leaves the files opened in the step's context also when the step failed: Spring Batch saved
	 * it last at the previous job-repository update, and the run's summary reports it.
	 */
	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		stepExecution.getExecutionContext().putInt(LogFileItemReader.FILES_OPENED_KEY, this.lines.filesOpened());
		return null;
	}

	@Override
	public void close() {
		this.closing = true;
		if (this.readAhead != null) {
			this.readAhead.interrupt();
			try {
				this.readAhead.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (this.members != null) {
			this.members.close();
		}
		this.lines.close();
	}

	/** A delta read ahead, and the bytes of the budget it holds. */
	private record Queued(ChunkDelta delta, int bytes) {
	}

	/** Marks the end of the input in the queue. */
	private enum End {

		INSTANCE

	}

}

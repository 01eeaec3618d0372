package io.logagg.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.logagg.checkpoint.ChunkWrites;
import io.logagg.filter.LineFilters;
import io.logagg.parse.ParsedLine;
import io.logagg.parse.ParsedLines;
import io.logagg.read.FilePosition;
import io.logagg.read.FilesUpdate;
import io.logagg.read.LineConsumer;
import io.logagg.read.RejectedLine;

import org.springframework.batch.infrastructure.item.ItemStreamException;

/**
 * Builds chunks on two threads. The reading thread (the caller) parses each line, applies the
 * filters and the counters, and hands a copy of the kept lines ({@link ParsedLines}) in batches to
 * a thread of this builder's own, which counts the distinct members (the panels and slowPaths:
 * {@link Aggregate#countsMembers}) and completes each chunk: their parts, its encoding,
 * then hands it to {@link Sink}. On one thread the reading was the job's limit on real lines (the
 * members' tables half of its time) while the machine's other core had time to spare. Visitors
 * stay on the reading thread: the two threads' shares are then about even.
 *
 * <p>The reading thread decides where each chunk ends, as a single builder would: the chunk ends
 * after the same line, with the position and file records read there, so the deltas and their
 * checkpoints are the same. What the members' thread holds counts towards the chunk's memory bound
 * as soon as it is handed over (its lines' bytes, until that thread has counted them). Chunks,
 * the end and a failure reach the sink in the order they were read.
 */
final class SplitChunkBuilder implements LineConsumer {

	/** Lines handed to the members' thread at once, at most. */
	static final int BATCH_LINES = 256;

	/** Bytes of lines handed to the members' thread at once, about. */
	static final int BATCH_BYTES = 64 << 10;

	/** Batches read ahead of the members' thread, besides the one being filled. */
	private static final int BATCHES = 4;

	/** Where the members' thread hands what it completes, in order. */
	interface Sink {

		/**
		 * A chunk, complete.
		 * @param retainedBytes what it held in memory while it was built, estimated
		 */
		void chunk(ChunkDelta delta, long retainedBytes) throws InterruptedException;

		/** The end of the input, after its last chunk. */
		void end() throws InterruptedException;

		/** Reading or counting failed: no chunk follows. */
		void failure(RuntimeException failure);

	}

	/** Thrown to the reading thread when it is interrupted while it waits for the members' thread. */
	static final class Interrupted extends RuntimeException {

		private static final long serialVersionUID = 1L;

		Interrupted() {
			super("interrupted", null, false, false);
		}

	}

	private final ChunkDelta.Builder front;

	/** Whether any accumulator runs on the members' thread: if none, no line is copied. */
	private final boolean splits;

	private final BlockingQueue<Batch> handed = new ArrayBlockingQueue<>(BATCHES + 1);

	private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES + 1);

	private final Thread members;

	private final Sink sink;

	/** A line at least this long is counted before the next is read ({@link #line}). */
	private final int longLine;

	private Batch filling;

	/** Chunks handed over whole: the number of the chunk being read. */
	private long chunk;

	/** Bytes of the lines of {@link #chunk} handed over. */
	private long handedBytes;

	/** How far the members' thread got: read on the reading thread for the memory bound. */
	private volatile Progress progress = new Progress(0, 0, 0);

	private volatile boolean failed;

	/** What the sink is told if even the failure of the members' thread cannot be allocated. */
	private final ItemStreamException outOfMemory = new ItemStreamException("counting a chunk's members ran out of memory");

	/**
	 * @param aggregates the source's aggregates
	 * @param filters what leaves a line out before any aggregate sees it
	 * @param sink given each chunk once complete, the end, or a failure, on the members' thread
	 * @param maxChunkBytes the chunks' memory bound ({@link ChunkDeltaReader#maxChunkBytes}): a line
	 * of a 64th of it or more is counted before the next is read
	 * @param name the members' thread's name
	 */
	SplitChunkBuilder(List<Aggregate> aggregates, LineFilters filters, Sink sink, int maxChunkBytes, String name) {
		this.front = new ChunkDelta.Builder(aggregates, filters, aggregate -> !aggregate.countsMembers());
		ChunkDelta.Builder back = new ChunkDelta.Builder(aggregates, LineFilters.NONE, Aggregate::countsMembers);
		this.splits = back.lineAccumulators() > 0;
		this.sink = sink;
		this.longLine = Math.max(1024, maxChunkBytes / 64);
		for (int i = 0; i < BATCHES; i++) {
			this.free.add(new Batch());
		}
		this.filling = new Batch();
		this.members = new Thread(() -> countMembers(back), name);
		this.members.setDaemon(true);
		this.members.start();
	}

	/**
	 * Counts the line's counters and hands a copy of it on. A long line (a path of kilobytes) is
	 * counted on the members' thread before the next is read: the chunk's memory bound counts what
	 * that thread has not counted yet by its bytes, and a dozen panels and slowPaths may each keep
	 * a copy of a long path, so that lines of 60 KB paths made chunks of four times the bound.
	 */
	@Override
	public void line(ParsedLine line) {
		if (this.front.accept(line) && this.splits) {
			int bytes = this.filling.lines.add(line);
			if (bytes >= this.longLine) {
				handOver();
				awaitCounted();
			}
			else if (this.filling.lines.size() >= BATCH_LINES || this.filling.lines.bytes() >= BATCH_BYTES) {
				handOver();
			}
		}
	}

	/** Waits until the members' thread has counted every line of this chunk handed over (or failed). */
	private void awaitCounted() {
		while (!this.failed) {
			Progress done = this.progress;
			if (done.chunk == this.chunk && done.bytes >= this.handedBytes) {
				return;
			}
			java.util.concurrent.locks.LockSupport.parkNanos(20_000);
			if (Thread.interrupted()) {
				throw new Interrupted();
			}
		}
	}

	@Override
	public void malformed(String file, RejectedLine rejected) {
		this.front.malformed(file, rejected);
		if (this.splits) {
			this.filling.malformed.add(new Malformed(this.filling.lines.size(), file, rejected));
		}
	}

	/** Lines of the chunk being read, malformed ones and those the filters left out included. */
	int lines() {
		return this.front.lines();
	}

	/**
	 * What the chunk being read holds in memory, estimated: the reading thread's counts, and on the
	 * members' thread its tables, or the bytes of the lines it has not counted yet.
	 */
	long retainedBytes() {
		Progress done = this.progress;
		long pending = this.handedBytes + this.filling.lines.bytes();
		long members = (done.chunk == this.chunk) ? done.retained + pending - done.bytes : pending;
		return this.front.retainedBytes() + members;
	}

	/** True once the members' thread has failed: its failure is on its way to the sink. */
	boolean failed() {
		return this.failed;
	}

	/**
	 * Ends the chunk after the last line read; the members' thread completes it.
	 * @param end the position after its last line
	 * @param files what the chunk stores of the files its lines came from
	 */
	void endChunk(FilePosition end, FilesUpdate files) {
		long retained = this.front.retainedBytes();
		Aggregate.ChunkCounts counts = this.front.takeCounts();
		ChunkWrites[] parts = this.front.drain(counts, new ChunkWrites[this.front.aggregates()]);
		this.filling.end = new ChunkEnd(end, files, counts, parts, retained);
		handOver();
		this.chunk++;
		this.handedBytes = 0;
	}

	/** The end of the input: after the chunks handed over. */
	void end() {
		this.filling.after = End.INSTANCE;
		hand(this.filling);
		this.filling = null;
	}

	/** Reading failed: the chunk being read is dropped, and the sink told after the chunks handed over. */
	void fail(RuntimeException failure) {
		if (this.filling == null) {
			this.sink.failure(failure);
			return;
		}
		this.filling.after = failure;
		hand(this.filling);
		this.filling = null;
	}

	/** Stops the members' thread, and waits for it. */
	void close() {
		this.members.interrupt();
		try {
			this.members.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void handOver() {
		this.handedBytes += this.filling.lines.bytes();
		hand(this.filling);
		try {
			Batch next;
			while ((next = this.free.poll(50, TimeUnit.MILLISECONDS)) == null) {
				if (this.failed) {
					this.filling = null;
					throw new Interrupted();
				}
			}
			this.filling = next;
		}
		catch (InterruptedException ex) {
			this.filling = null;
			throw new Interrupted();
		}
	}

	/**
	 * Hands a batch over, waiting while the members' thread is behind; gives up once that thread
	 * has failed (it has told the sink), as nobody takes batches then.
	 */
	private void hand(Batch batch) {
		try {
			while (!this.handed.offer(batch, 50, TimeUnit.MILLISECONDS)) {
				if (this.failed) {
					throw new Interrupted();
				}
			}
		}
		catch (InterruptedException ex) {
			throw new Interrupted();
		}
	}

	/** The members' thread: counts each batch's lines, completes the chunks, passes the end or a failure on. */
	private void countMembers(ChunkDelta.Builder back) {
		ParsedLine[] lines = new ParsedLine[0];
		long chunk = 0;
		long bytes = 0;
		try {
			while (true) {
				Batch batch = this.handed.take();
				if (!this.failed) {
					try {
						if (lines.length < batch.lines.size()) {
							lines = flyweights(batch.lines.size());
						}
						count(batch, back, lines);
						bytes += batch.lines.bytes();
						ChunkEnd end = batch.end;
						if (end != null) {
							long retained = end.retained() + back.retainedBytes();
							ChunkDelta delta = ChunkDelta.Builder.assemble(end.end(), end.counts(), back.drain(end.counts(), end.parts()),
									end.files());
							chunk++;
							bytes = 0;
							this.progress = new Progress(chunk, 0, 0);
							this.sink.chunk(delta, retained);
						}
						else {
							this.progress = new Progress(chunk, bytes, back.retainedBytes());
						}
						if (batch.after == End.INSTANCE) {
							this.sink.end();
						}
						else if (batch.after instanceof RuntimeException failure) {
							this.sink.failure(failure);
						}
					}
					catch (RuntimeException ex) {
						this.failed = true;
						this.sink.failure(ex);
					}
					catch (Error ex) {
						// Out of memory, say: the step must fail, not wait for a chunk that will never come.
						this.failed = true;
						ItemStreamException failure;
						try {
							failure = new ItemStreamException("counting a chunk's members failed: " + ex, ex);
						}
						catch (Error again) {
							failure = this.outOfMemory;
						}
						this.sink.failure(failure);
					}
				}
				if (batch.after != null) {
					return;
				}
				batch.clear();
				this.free.put(batch);
			}
		}
		catch (InterruptedException ex) {
			// closing
		}
	}

	/**
	 * The batch's lines and malformed lines in the order they were read (malformed ones may follow
	 * the last line): the lines between two malformed ones are counted together.
	 * @param lines a flyweight per line of the batch, reused batch after batch
	 */
	private static void count(Batch batch, ChunkDelta.Builder back, ParsedLine[] lines) {
		int next = 0;
		List<Malformed> malformed = batch.malformed;
		int from = 0;
		int size = batch.lines.size();
		while (from <= size) {
			int until = (next < malformed.size()) ? Math.min(size, malformed.get(next).before()) : size;
			for (int i = from; i < until; i++) {
				batch.lines.get(i, lines[i - from]);
			}
			back.acceptAll(lines, until - from);
			for (; next < malformed.size() && malformed.get(next).before() == until; next++) {
				back.malformed(malformed.get(next).file(), malformed.get(next).rejected());
			}
			from = (until == size) ? size + 1 : until;
		}
	}

	private static ParsedLine[] flyweights(int count) {
		ParsedLine[] lines = new ParsedLine[Math.max(count, BATCH_LINES)];
		for (int i = 0; i < lines.length; i++) {
			lines[i] = new ParsedLine();
		}
		return lines;
	}

	/** Lines handed over together, and what follows them: the end of their chunk, of the input, or a failure. */
	private static final class Batch {

		final ParsedLines lines = new ParsedLines(BATCH_LINES);

		final List<Malformed> malformed = new ArrayList<>();

		/** Non-null if the chunk ends after these lines. */
		ChunkEnd end;

		/** {@link End#INSTANCE} or a failure: the last batch. */
		Object after;

		void clear() {
			this.lines.clear();
			this.malformed.clear();
			this.end = null;
		}

	}

	/** A malformed line, before the batch's line {@code before}. */
	private record Malformed(int before, String file, RejectedLine rejected) {
	}

	/** The reading thread's half of a chunk. */
	private record ChunkEnd(FilePosition end, FilesUpdate files, Aggregate.ChunkCounts counts, ChunkWrites[] parts,
			long retained) {
	}

	/**
	 * The members' thread's state, published after each batch: the chunk it is counting, the bytes
	 * of its lines counted so far, and what its tables hold.
	 */
	private record Progress(long chunk, long bytes, long retained) {
	}

	private enum End {

		INSTANCE

	}

}

package io.logagg.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.logagg.checkpoint.ChunkWrites;

/**
 * What a source's committed chunks have added to its panels, slowPaths, all-time paths and latency
 * since its last fold, summed in memory: the job folds it (writes each distinct value once) when its chunks'
 * pending deltas pass their bound or the sum an eighth of the heap, and at the end of the run.
 * After a crash it is rebuilt from the deltas Redis holds, the only time a fold reads anything
 * back.
 *
 * <p>A thread of its own decodes each delta into the sum while the step goes on committing: on
 * the step's thread, decoding was half of its time, spent while Redis and the read-ahead thread
 * had a core to spare between them. At most {@value #IN_FLIGHT} deltas wait for it; the sum is
 * read (a fold, its size) only once every delta added has been decoded. The rest is not
 * thread-safe: the step's writer owns it.
 */
public final class PendingFold {

	/** Deltas added and not yet decoded, at most: their bytes are held until then. */
	static final int IN_FLIGHT = 16;

	/** Read and written by {@link #summing}'s thread, and by the owner's once {@link #caughtUp}. */
	private final Map<String, DayFieldCounts> parts = new TreeMap<>();

	/** One thread, gone after a second without work: a writer has no close of its own to stop it in. */
	private final ThreadPoolExecutor summing = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
			task -> {
				Thread thread = new Thread(task, "logagg-fold-sum");
				thread.setDaemon(true);
				return thread;
			});

	private final Semaphore inFlight = new Semaphore(IN_FLIGHT);

	private Future<?> lastDecoded = CompletableFuture.completedFuture(null);

	/** The first delta that could not be decoded; thrown to the owner at its next look at the sum. */
	private volatile RuntimeException failure;

	/** The memory the sum held after the last delta decoded, estimated ({@link DayFieldCounts#retainedBytes}). */
	private volatile long retained;

	/** Bytes of the deltas added and not yet decoded: what they may add to the sum, about. */
	private final AtomicLong undecoded = new AtomicLong();

	private final AggregateSettings settings;

	private final long maxBytes;

	private final long maxAgeNanos;

	private final long maxRetainedBytes;

	/**
	 * The panels' and slowPaths' days as this run's folds left them (past their bound, or a fold's
	 * latest day), at most a sixteenth of the heap (a day of 100,000 clients holds about 11 MB: none
	 * in a 128 MB heap, where four such days cut by one fold ran it out; an eighth held a busy day's
	 * every panel, 5-10 % faster on a million nginx lines, with that risk): a fold cuts or adds to
	 * them without reading them back.
	 */
	private final HeldDays heldDays;

	/** The writes {@link #writes} handed out last: once they got through, their days are held. */
	private List<ChunkWrites> written = List.of();

	private long deltaBytes;

	private int chunks;

	private long since;

	/**
	 * A sum that may hold an eighth of the heap, estimated with its members' bytes twice (see
	 * {@link #sumRetained}; the read-ahead holds up to an eighth, and a fold its commands besides).
	 * A sixteenth, estimated with their bytes once, folded a busy nginx day 8 times where this folds
	 * it 3, each fold writing again most of the day's members (Redis CPU 1.34 -> 0.93 s).
	 * @param settings what the folded parts write (each panel's bound, the days' retention)
	 * @param maxBytes the bytes the pending deltas may hold in Redis ({@code logagg.fold.max-pending-bytes})
	 * @param maxAge how long a committed chunk may wait for its fold ({@code logagg.fold.max-pending-age})
	 * @param sharing how many sources' folds share the heap at once (a fleet's partitions): their
	 * sums take an eighth of it among them, the days held for the next fold a sixteenth
	 */
	public PendingFold(AggregateSettings settings, long maxBytes, java.time.Duration maxAge, int sharing) {
		this.settings = settings;
		this.maxBytes = maxBytes;
		this.maxAgeNanos = maxAge.toNanos();
		this.maxRetainedBytes = Runtime.getRuntime().maxMemory() / 8 / Math.max(1, sharing);
		this.heldDays = new HeldDays(Runtime.getRuntime().maxMemory() / 16 / Math.max(1, sharing));
		this.summing.allowCoreThreadTimeOut(true);
	}

	/** The sum of a source read alone. */
	public PendingFold(AggregateSettings settings, long maxBytes, java.time.Duration maxAge) {
		this(settings, maxBytes, maxAge, 1);
	}

	/**
	 * True if a fold is due before a chunk whose delta holds {@code moreBytes} is committed: the
	 * deltas would pass their bound with it, the oldest has waited long enough, or the sum holds
	 * more memory than it may (as of the last delta decoded, with the bytes of those not decoded yet,
	 * twice as {@link #foldCost} counts a member's: counted once, deltas of 60 KB paths waiting to be
	 * decoded ran a 128 MB heap out in one CI run of three).
	 */
	public boolean dueBefore(long moreBytes) {
		return this.chunks > 0 && (this.deltaBytes + moreBytes > this.maxBytes || ageNanos() >= this.maxAgeNanos
				|| this.retained + 2 * this.undecoded.get() > this.maxRetainedBytes);
	}

	/**
	 * A day of a bounded part may grow in the sum past {@code max-distinct} by a {@code 1/CUT_PAST}
	 * of it before it is cut: each cut goes over the whole day, so it waits for a quarter of the
	 * bound's new fields, not one. A fold's writes cut at the bound itself.
	 */
	private static final int CUT_PAST = 4;

	/**
	 * Cuts each day of a part bounded by {@code max-distinct} (the panels, the all-time
	 * paths) that holds more than {@code over} fields to the nine tenths of the
	 * bound a fold keeps of a day past it, the rest summed as {@code (other)}: on a day of random
	 * clients or a scanner's paths, the sum holds and a fold writes a bounded number of fields, not
	 * every one a line brought (a million random clients: seven folds, each writing 150,000 clients
	 * that Redis ranked and mostly sent to {@code (other)} one by one, 7 of the 7.8 s of the job).
	 * Which members keep a row past the bound already depended on when folds run; what each counts,
	 * and (other), stay exact.
	 */
	private void keepMostRequested(long over) {
		int keep = DayCut.keep(this.settings.panelMaxDistinct());
		this.parts.forEach((kind, counts) -> {
			if (counts.size() > over && cutByRequests(kind)) {
				counts.keepMostRequested((int) Math.min(Integer.MAX_VALUE, over), keep, DayCut.OTHER);
			}
		});
	}

	/**
	 * Whether a part's days are bounded by requests alone, its (other) a member like the others: a
	 * panel's (a tagged one's fields are its bucket and path, one string each) and the all-time
	 * paths', not slowPaths' (an (other) per bucket).
	 */
	private static boolean cutByRequests(String kind) {
		return kind.equals(PathsAggregate.KIND) || kind.startsWith(PanelAggregate.KIND_PREFIX);
	}

	/**
	 * The memory the sum holds, estimated, with its members' bytes once more: a fold copies each
	 * member it writes out of the sum, so a sum of long members (60 KB paths) costs the heap twice
	 * their bytes at its fold. On the decoding thread.
	 */
	private long sumRetained() {
		long bytes = 0;
		for (DayFieldCounts counts : this.parts.values()) {
			bytes += foldCost(counts);
		}
		return bytes;
	}

	/** What a part's sum costs the heap by its fold: its members' bytes twice, their tables' room once. */
	static long foldCost(DayFieldCounts counts) {
		return 2 * counts.retainedBytes() - (long) MemberCounts.MEMBER_OVERHEAD * counts.size();
	}

	/**
	 * Adds the delta of a committed chunk, or one read back from Redis (after a crash): hands it to
	 * the decoding thread, waiting while {@value #IN_FLIGHT} are ahead of it.
	 */
	public void add(byte[] delta) {
		if (this.chunks == 0) {
			this.since = System.nanoTime();
		}
		this.deltaBytes += delta.length;
		this.chunks++;
		this.inFlight.acquireUninterruptibly();
		this.undecoded.addAndGet(delta.length);
		this.lastDecoded = this.summing.submit(() -> {
			try {
				if (this.failure == null) {
					DeltaEncoding.decodeInto(delta, this.parts);
					keepMostRequested(this.settings.panelMaxDistinct() * (CUT_PAST + 1L) / CUT_PAST);
					this.retained = sumRetained();
				}
			}
			catch (RuntimeException | Error ex) {
				// Kept, not just in this task's future: a later delta's success must not hide it, or a
				// fold would write the sum without this chunk and delete its delta.
				this.failure = (ex instanceof RuntimeException runtime) ? runtime
						: new IllegalStateException("summing a pending delta failed: " + ex, ex);
			}
			finally {
				this.undecoded.addAndGet(-delta.length);
				this.inFlight.release();
			}
		});
	}

	/** Waits until every delta added is in the sum; throws what decoding one of them threw. */
	private void caughtUp() {
		boolean interrupted = false;
		while (true) {
			try {
				this.lastDecoded.get();
				break;
			}
			catch (InterruptedException ex) {
				// The sum must be whole before anything reads it: a fold of half of it would lose chunks.
				interrupted = true;
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException("summing a pending delta failed", ex.getCause());
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
		RuntimeException failed = this.failure;
		if (failed != null) {
			throw failed;
		}
	}

	/** Chunks added since the last fold. */
	public int chunks() {
		return this.chunks;
	}

	/** Bytes their deltas hold in Redis. */
	public long deltaBytes() {
		return this.deltaBytes;
	}

	/** Distinct values a fold of it writes. */
	public long distinct() {
		caughtUp();
		return this.parts.values().stream().mapToLong(DayFieldCounts::size).sum();
	}

	/** Nanoseconds since the oldest chunk not folded was added; 0 if none. */
	public long ageNanos() {
		return (this.chunks == 0) ? 0 : System.nanoTime() - this.since;
	}

	/** The writes of a fold: each part's sum, written the way its aggregate writes a chunk's. */
	public List<ChunkWrites> writes() {
		caughtUp();
		keepMostRequested(this.settings.panelMaxDistinct());
		List<ChunkWrites> writes = new ArrayList<>(this.parts.size());
		this.parts.forEach((kind, counts) -> writes.add(part(kind, counts, this.settings, this.heldDays)));
		this.written = writes;
		return writes;
	}

	/**
	 * Forgets what earlier folds left of the days past their bound: after a failed fold, what Redis
	 * holds is no longer known, and the next fold reads those days again; at the end of the step,
	 * their memory goes.
	 */
	public void forgetHeldDays() {
		this.heldDays.clear();
		this.written = List.of();
	}

	/** Starts over, once a fold has written it. */
	public void clear() {
		caughtUp();
		for (ChunkWrites part : this.written) {
			if (part instanceof HeldDays.Writer held) {
				held.applied();
			}
		}
		this.written = List.of();
		this.parts.clear();
		this.retained = 0;
		this.deltaBytes = 0;
		this.chunks = 0;
	}

	/**
	 * The part of a kind, whichever aggregate wrote it: a delta of a panel the settings no longer
	 * keep is still folded, as its chunks' other aggregates were committed.
	 */
	static ChunkWrites part(String kind, DayFieldCounts counts, AggregateSettings settings) {
		return part(kind, counts, settings, null);
	}

	private static ChunkWrites part(String kind, DayFieldCounts counts, AggregateSettings settings, HeldDays heldDays) {
		if (kind.equals(SlowPathsAggregate.KIND)) {
			return new SlowPathsAggregate.Writes(counts, settings, heldDays);
		}
		if (kind.equals(PathsAggregate.KIND)) {
			return new PathsAggregate.Writes(counts, settings);
		}
		if (kind.equals(LatencyAggregate.KIND)) {
			return new LatencyAggregate.Writes(counts, settings);
		}
		if (kind.startsWith(PanelAggregate.KIND_PREFIX)) {
			Panel panel = Panel.byId(kind.substring(PanelAggregate.KIND_PREFIX.length()));
			if (panel != null) {
				return new PanelAggregate.Writes(panel, counts, settings, heldDays);
			}
		}
		throw new IllegalStateException("a pending delta holds a part of kind '" + kind + "' that this build does not know");
	}

}

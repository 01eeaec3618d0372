package io.logagg.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.logagg.checkpoint.ChunkWrites;

/**
 * What a source's committed chunks have added to its panels, slowPaths and all-time paths since its
 * last fold, summed in memory: the job folds it (writes each distinct value once) when its chunks'
 * pending deltas pass their bound or the sum a sixteenth of the heap, and at the end of the run.
 * After a crash it is rebuilt from the deltas Redis holds, the only time a fold reads anything
 * back. Not thread-safe: the step's writer owns it.
 */
public final class PendingFold {

	private final Map<String, DayFieldCounts> parts = new TreeMap<>();

	private final AggregateSettings settings;

	private final long maxBytes;

	private final long maxAgeNanos;

	private final long maxRetainedBytes;

	private long deltaBytes;

	private int chunks;

	private long since;

	/**
	 * @param settings what the folded parts write (each panel's bound, the days' retention)
	 * @param maxBytes the bytes the pending deltas may hold in Redis ({@code logagg.fold.max-pending-bytes})
	 * @param maxAge how long a committed chunk may wait for its fold ({@code logagg.fold.max-pending-age})
	 * @param maxRetainedBytes how much memory the sum may hold, estimated ({@link DayFieldCounts#retainedBytes}):
	 * a fold holds its commands besides
	 */
	public PendingFold(AggregateSettings settings, long maxBytes, java.time.Duration maxAge, long maxRetainedBytes) {
		this.settings = settings;
		this.maxBytes = maxBytes;
		this.maxAgeNanos = maxAge.toNanos();
		this.maxRetainedBytes = maxRetainedBytes;
	}

	/** A sum that may hold a sixteenth of the heap (the read-ahead holds another). */
	public PendingFold(AggregateSettings settings, long maxBytes, java.time.Duration maxAge) {
		this(settings, maxBytes, maxAge, Runtime.getRuntime().maxMemory() / 16);
	}

	/**
	 * True if a fold is due before a chunk whose delta holds {@code moreBytes} is committed: the
	 * deltas would pass their bound with it, the oldest has waited long enough, or the sum holds
	 * more memory than it may.
	 */
	public boolean dueBefore(long moreBytes) {
		return this.chunks > 0 && (this.deltaBytes + moreBytes > this.maxBytes || ageNanos() >= this.maxAgeNanos
				|| retainedBytes() > this.maxRetainedBytes);
	}

	/** The memory the sum holds, estimated. */
	public long retainedBytes() {
		long bytes = 0;
		for (DayFieldCounts counts : this.parts.values()) {
			bytes += counts.retainedBytes();
		}
		return bytes;
	}

	/** Adds the delta of a committed chunk, or one read back from Redis (after a crash). */
	public void add(byte[] delta) {
		if (this.chunks == 0) {
			this.since = System.nanoTime();
		}
		DeltaEncoding.decodeInto(delta, this.parts);
		this.deltaBytes += delta.length;
		this.chunks++;
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
		return this.parts.values().stream().mapToLong(DayFieldCounts::size).sum();
	}

	/** Nanoseconds since the oldest chunk not folded was added; 0 if none. */
	public long ageNanos() {
		return (this.chunks == 0) ? 0 : System.nanoTime() - this.since;
	}

	/** The writes of a fold: each part's sum, written the way its aggregate writes a chunk's. */
	public List<ChunkWrites> writes() {
		List<ChunkWrites> writes = new ArrayList<>(this.parts.size());
		this.parts.forEach((kind, counts) -> writes.add(part(kind, counts, this.settings)));
		return writes;
	}

	/** Starts over, once a fold has written it. */
	public void clear() {
		this.parts.clear();
		this.deltaBytes = 0;
		this.chunks = 0;
	}

	/**
	 * The part of a kind, whichever aggregate wrote it: a delta of a panel the settings no longer
	 * keep is still folded, as its chunks' other aggregates were committed.
	 */
	static ChunkWrites part(String kind, DayFieldCounts counts, AggregateSettings settings) {
		if (kind.equals(SlowPathsAggregate.KIND)) {
			return new SlowPathsAggregate.Writes(counts, settings);
		}
		if (kind.equals(PathsAggregate.KIND)) {
			return new PathsAggregate.Writes(counts);
		}
		if (kind.startsWith(PanelAggregate.KIND_PREFIX)) {
			Panel panel = Panel.byId(kind.substring(PanelAggregate.KIND_PREFIX.length()));
			if (panel != null) {
				return new PanelAggregate.Writes(panel, counts, settings);
			}
		}
		throw new IllegalStateException("a pending delta holds a part of kind '" + kind + "' that this build does not know");
	}

}

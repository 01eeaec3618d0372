package io.logagg.aggregate;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * A chunk's values per time bucket (an epoch minute or day), created on first use. Lines come in
 * time order, mostly, so the last bucket's value is kept at hand: a line costs a compare, no map
 * lookup and no boxing. Not thread-safe: one per accumulator.
 *
 * @param <V> a mutable value (counters, a table of members)
 */
final class TimeBuckets<V> {

	/**
	 * What a bucket with a small value (a few counters) costs a chunk, estimated: the map's entry,
	 * the boxed bucket, the value, and its key and count in the chunk's writes.
	 */
	static final int SMALL_BUCKET_BYTES = 160;

	private final Map<Long, V> values = new TreeMap<>();

	private final LongFunction<V> create;

	private long last = Long.MIN_VALUE;

	private V lastValue;

	TimeBuckets(LongFunction<V> create) {
		this.create = create;
	}

	/** The value of {@code bucket}, created if the chunk has none yet. */
	V at(long bucket) {
		if (bucket != this.last) {
			this.lastValue = this.values.computeIfAbsent(bucket, this.create::apply);
			this.last = bucket;
		}
		return this.lastValue;
	}

	/** The bytes of a chunk's buckets of small values: a chunk of a minute a line holds one each. */
	long smallBucketBytes() {
		return (long) this.values.size() * SMALL_BUCKET_BYTES;
	}

	/** The values, by bucket in time order. */
	Map<Long, V> values() {
		return this.values;
	}

	/** Forgets every bucket. */
	void clear() {
		this.values.clear();
		this.last = Long.MIN_VALUE;
		this.lastValue = null;
	}

	/**
	 * Forgets every bucket but the last, whose value the caller has emptied: a table that the next
	 * chunk, most likely of the same minute or day, reuses instead of allocating anew.
	 */
	void keepLast() {
		keepLast(value -> {
		});
	}

	/** As {@link #keepLast()}, handing each value forgotten to {@code forgotten}. */
	void keepLast(java.util.function.Consumer<V> forgotten) {
		this.values.entrySet().removeIf(bucket -> {
			if (bucket.getKey() == this.last) {
				return false;
			}
			forgotten.accept(bucket.getValue());
			return true;
		});
	}

}

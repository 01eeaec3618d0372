package io.logagg.report;

import java.util.Arrays;

/**
 * A histogram of log-scale buckets as a report sums it: bucket and count pairs appended as read
 * (from days, minutes, sources), merged and sorted once when a quantile is asked. Mutable and small
 * on purpose: a day's latency series is 1,440 of them and slowPaths one per path, where boxed
 * sorted maps made most of a report's garbage.
 */
final class BucketCounts {

	/** Pairs held before the same buckets are summed: a histogram has at most a few hundred. */
	private static final int COMPACT_AT = 512;

	private int[] buckets = new int[8];

	private long[] counts = new long[8];

	private int size;

	private boolean sorted = true;

	/** Counts {@code count} more in {@code bucket}. */
	void add(int bucket, long count) {
		if (this.size == this.buckets.length) {
			// A day's sum of 1,440 minutes holds a few hundred buckets, not each minute's again.
			if (this.size >= COMPACT_AT) {
				merge();
			}
			if (this.size * 2 > this.buckets.length) {
				this.buckets = Arrays.copyOf(this.buckets, this.buckets.length * 2);
				this.counts = Arrays.copyOf(this.counts, this.counts.length * 2);
			}
		}
		this.sorted = this.sorted && (this.size == 0 || this.buckets[this.size - 1] < bucket);
		this.buckets[this.size] = bucket;
		this.counts[this.size++] = count;
	}

	/** Adds every bucket of {@code other}. */
	void addAll(BucketCounts other) {
		for (int i = 0; i < other.size; i++) {
			add(other.buckets[i], other.counts[i]);
		}
	}

	/** The counts of all buckets. */
	long total() {
		long total = 0;
		for (int i = 0; i < this.size; i++) {
			total += this.counts[i];
		}
		return total;
	}

	/** The highest bucket with a count; only when {@link #total()} is not 0. */
	int lastBucket() {
		merge();
		return this.buckets[this.size - 1];
	}

	/**
	 * DDSketch's quantile: the bucket holding the value of rank {@code q (total - 1)}; only when
	 * {@link #total()} is not 0.
	 */
	int quantile(double q) {
		merge();
		double rank = q * (total() - 1);
		long seen = 0;
		for (int i = 0; i < this.size; i++) {
			seen += this.counts[i];
			if (seen > rank) {
				return this.buckets[i];
			}
		}
		return lastBucket();
	}

	/** Sorts by bucket and sums the counts of the same bucket. */
	private void merge() {
		if (this.sorted) {
			return;
		}
		// Bucket in the high half, position in the low: sorting the longs sorts by bucket (signed:
		// the buckets under a microsecond are negative and come first).
		long[] order = new long[this.size];
		for (int i = 0; i < this.size; i++) {
			order[i] = ((long) this.buckets[i] << 32) | i;
		}
		Arrays.sort(order);
		int[] buckets = new int[this.buckets.length];
		long[] counts = new long[this.counts.length];
		int merged = 0;
		for (long entry : order) {
			int bucket = (int) (entry >> 32);
			long count = this.counts[(int) entry];
			if (merged > 0 && buckets[merged - 1] == bucket) {
				counts[merged - 1] += count;
			}
			else {
				buckets[merged] = bucket;
				counts[merged++] = count;
			}
		}
		this.buckets = buckets;
		this.counts = counts;
		this.size = merged;
		this.sorted = true;
	}

}

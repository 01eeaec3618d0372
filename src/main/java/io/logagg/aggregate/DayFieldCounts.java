package io.logagg.aggregate;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Requests and response bytes per field and UTC day, as a panel or slowPaths counts them: what one
 * chunk adds, or the sum of many. Sums are exact and order does not matter, so chunks merge in any
 * grouping (a fold writes each distinct field once, however many chunks brought it). Mutable and
 * not thread-safe: one owner at a time (the chunk that builds it, then the pending fold).
 */
public final class DayFieldCounts {

	/** Per epoch day, field to {requests, bytes}. */
	private final TreeMap<Long, Map<String, long[]>> days = new TreeMap<>();

	private int size;

	/**
	 * What a distinct field costs in memory beyond its characters, estimated: the String, its map
	 * entry and its pair of counts.
	 */
	static final int FIELD_OVERHEAD = 160;

	private long retainedBytes;

	/** Adds {@code count} requests of {@code bytes} response bytes to {@code field} on epoch day {@code day}. */
	public void add(long day, String field, long count, long bytes) {
		long[] sum = this.days.computeIfAbsent(day, d -> new HashMap<>()).get(field);
		if (sum == null) {
			this.days.get(day).put(field, new long[] { count, bytes });
			this.size++;
			this.retainedBytes += field.length() + FIELD_OVERHEAD;
		}
		else {
			sum[0] += count;
			sum[1] += bytes;
		}
	}

	/** Adds every count of {@code other}, which is left as it was. */
	public void addAll(DayFieldCounts other) {
		other.days.forEach((day, fields) -> fields.forEach((field, sum) -> add(day, field, sum[0], sum[1])));
	}

	/** Per epoch day in order, field to {requests, bytes}; read-only. */
	public Map<Long, Map<String, long[]>> days() {
		return java.util.Collections.unmodifiableMap(this.days);
	}

	/** Distinct (day, field) pairs held. */
	public int size() {
		return this.size;
	}

	/** The memory these counts hold, estimated. */
	public long retainedBytes() {
		return this.retainedBytes;
	}

	public boolean isEmpty() {
		return this.size == 0;
	}

	/** Writes the counts: days, then per day its fields with requests and bytes, all as varints. */
	void encode(DeltaEncoding.Writer out) {
		out.varint(this.days.size());
		this.days.forEach((day, fields) -> {
			out.varint(day);
			out.varint(fields.size());
			fields.forEach((field, sum) -> {
				out.bytes(field.getBytes(StandardCharsets.UTF_8));
				out.varint(sum[0]);
				out.varint(sum[1]);
			});
		});
	}

	/** Reads what {@link #encode} wrote, adding it to these counts. */
	void decodeInto(DeltaEncoding.Reader in) {
		long days = in.varint();
		for (long d = 0; d < days; d++) {
			long day = in.varint();
			long fields = in.varint();
			for (long f = 0; f < fields; f++) {
				String field = in.string();
				add(day, field, in.varint(), in.varint());
			}
		}
	}

	@Override
	public boolean equals(Object other) {
		if (!(other instanceof DayFieldCounts that) || this.size != that.size || !this.days.keySet().equals(that.days.keySet())) {
			return false;
		}
		for (Map.Entry<Long, Map<String, long[]>> day : this.days.entrySet()) {
			Map<String, long[]> theirs = that.days.get(day.getKey());
			for (Map.Entry<String, long[]> field : day.getValue().entrySet()) {
				long[] sum = theirs.get(field.getKey());
				if (sum == null || !java.util.Arrays.equals(sum, field.getValue())) {
					return false;
				}
			}
		}
		return true;
	}

	@Override
	public int hashCode() {
		return Long.hashCode(this.size) * 31 + this.days.keySet().hashCode();
	}

	@Override
	public String toString() {
		Map<Long, Map<String, String>> shown = new TreeMap<>();
		this.days.forEach((day, fields) -> fields.forEach((field, sum) -> shown.computeIfAbsent(day, d -> new TreeMap<>())
			.put(field, sum[0] + "/" + sum[1])));
		return shown.toString();
	}

}

package io.logagg.aggregate;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Requests and response bytes per field and UTC day, as a panel or slowPaths counts them: the sum
 * of many chunks' deltas. Sums are exact and order does not matter, so chunks merge in any
 * grouping (a fold writes each distinct field once, however many chunks brought it). Each day is
 * a {@link MemberCounts} keyed by the field's bytes: a chunk's field already held costs a hash and
 * a compare as it is decoded, no String (the writer decodes every chunk's delta). Mutable and not
 * thread-safe: one owner at a time.
 */
public final class DayFieldCounts {

	private final TreeMap<Long, MemberCounts> days = new TreeMap<>();

	private int size;

	private long retainedBytes;

	/** Adds {@code count} requests of {@code bytes} response bytes to {@code field} on epoch day {@code day}. */
	public void add(long day, String field, long count, long bytes) {
		byte[] b = field.getBytes(StandardCharsets.UTF_8);
		add(day, b, 0, b.length, count, bytes);
	}

	private void add(long day, byte[] b, int from, int to, long count, long bytes) {
		counted(day(day).add(0, b, from, to, count, bytes));
	}

	private MemberCounts day(long day) {
		return this.days.computeIfAbsent(day, d -> new MemberCounts());
	}

	/** Keeps {@link #size} and {@link #retainedBytes} as a table reports what an add held anew. */
	private void counted(int added) {
		if (added > 0) {
			this.size++;
			this.retainedBytes += added;
		}
	}

	/** Adds every count of {@code other}, which is left as it was. */
	public void addAll(DayFieldCounts other) {
		other.days.forEach((day, fields) -> fields.forEachRaw((field, count, bytes) -> add(day, field, 0, field.length, count, bytes)));
	}

	/**
	 * Per epoch day in order, field to {requests, bytes}: built on each call (a fold's writes, a
	 * report), read-only. Fields whose bytes are not UTF-8 and decode alike are summed.
	 */
	public Map<Long, Map<String, long[]>> days() {
		Map<Long, Map<String, long[]>> days = new TreeMap<>();
		this.days.forEach((day, fields) -> {
			Map<String, long[]> byField = new HashMap<>(fields.size() * 2);
			fields.forEach((field, tag, count, bytes) -> byField.merge(field, new long[] { count, bytes },
					(one, two) -> new long[] { one[0] + two[0], one[1] + two[1] }));
			if (!byField.isEmpty()) {
				days.put(day, byField);
			}
		});
		return Collections.unmodifiableMap(days);
	}

	/**
	 * Hands each day with fields, in order, and its fields as held (their bytes as the log held
	 * them, nothing decoded): what a fold writes.
	 */
	void forEachDay(java.util.function.ObjLongConsumer<MemberCounts> sink) {
		this.days.forEach((day, fields) -> {
			if (fields.size() > 0) {
				sink.accept(fields, day);
			}
		});
	}

	/**
	 * Cuts each day holding more than {@code over} fields to its {@code keep} most requested, the
	 * rest counted as {@code other} ({@link MemberCounts#keepMostRequested}): what a fold would
	 * write of such a day is past its bound anyway, and a day of random clients or paths would
	 * otherwise grow the sum, and the fold's writes, by every one of them. Sums stay exact.
	 */
	void keepMostRequested(int over, int keep, byte[] other) {
		for (Map.Entry<Long, MemberCounts> day : this.days.entrySet()) {
			MemberCounts fields = day.getValue();
			if (fields.size() > over) {
				MemberCounts kept = fields.keepMostRequested(keep, other);
				this.size += kept.size() - fields.size();
				this.retainedBytes += kept.retainedBytes() - fields.retainedBytes();
				day.setValue(kept);
			}
		}
	}

	/** Distinct (day, field) pairs held. */
	public int size() {
		return this.size;
	}

	/** The memory these counts hold, estimated ({@link MemberCounts#MEMBER_OVERHEAD} a field and its bytes). */
	public long retainedBytes() {
		return this.retainedBytes;
	}

	public boolean isEmpty() {
		return this.size == 0;
	}

	/**
	 * Reads a part's counts as {@link MembersByDay#encode} wrote them, adding them to these counts
	 * and, unless null, each field's requests to {@code allTime}'s one day (the all-time paths).
	 */
	void decodeInto(DeltaEncoding.Reader in, DayFieldCounts allTime) {
		long days = in.varint();
		MemberCounts allTimeFields = (allTime != null) ? allTime.day(PathsAggregate.ALL_TIME) : null;
		for (long d = 0; d < days; d++) {
			// The day's table looked up once, not per field (a boxed key and a tree's search each).
			MemberCounts dayFields = day(in.varint());
			long fields = in.varint();
			for (long f = 0; f < fields; f++) {
				int length = in.length();
				int from = in.skip(length);
				long count = in.varint();
				long sum = in.varint();
				if (allTimeFields == null) {
					counted(dayFields.add(0, in.bytes(), from, from + length, count, sum));
				}
				else {
					// One copy of the path for both sums: a fold of long paths holds them once.
					byte[] key = Arrays.copyOfRange(in.bytes(), from, from + length);
					counted(dayFields.addOwned(key, count, sum));
					allTime.counted(allTimeFields.addOwned(key, count, 0));
				}
			}
		}
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof DayFieldCounts that && this.size == that.size && toString().equals(that.toString());
	}

	@Override
	public int hashCode() {
		return toString().hashCode();
	}

	@Override
	public String toString() {
		Map<Long, Map<String, String>> shown = new TreeMap<>();
		days().forEach((day, fields) -> fields.forEach((field, sum) -> shown.computeIfAbsent(day, d -> new TreeMap<>())
			.put(field, sum[0] + "/" + sum[1])));
		return shown.toString();
	}

}

package io.logagg.aggregate;

import java.util.ArrayDeque;
import java.util.Map;

/**
 * A chunk's {@link MemberCounts} per UTC day, and the bytes they hold, summed as they grow: the
 * chunk's memory bound asks for it at every line, so it is kept, not added up. Not thread-safe:
 * one per accumulator.
 */
final class MembersByDay {

	/**
	 * Tables of days a chunk no longer holds, emptied, for the next new day: the corpus x100, whose
	 * days come round again every 10,000 lines, made and grew a table per panel at each turn (41 of
	 * the members' thread's 240 MB of allocation per million lines).
	 */
	private final ArrayDeque<MemberCounts> spare = new ArrayDeque<>(SPARE_DAYS);

	private static final int SPARE_DAYS = 2;

	private final TimeBuckets<MemberCounts> days = new TimeBuckets<>(
			day -> this.spare.isEmpty() ? new MemberCounts() : this.spare.pop());

	private long retainedBytes;

	/** A division per line and panel was 2.7-3.3 % of the panels' thread's samples (JFR, the nginx day). */
	private final DayOfMinute dayOf = new DayOfMinute();

	/** Counts one more line of {@code epochMinute} with the member in {@code line[from, to)} under {@code tag}. */
	void add(long epochMinute, int tag, byte[] line, int from, int to, long responseBytes) {
		this.retainedBytes += this.days.at(this.dayOf.of(epochMinute)).add(tag, line, from, to, responseBytes);
	}

	/** Bytes the day tables hold, estimated ({@link MemberCounts#add}). */
	long retainedBytes() {
		return this.retainedBytes;
	}

	/**
	 * Writes the days that have members, in time order, as a part's counts ({@link DeltaEncoding}), and
	 * starts over; the last day's table stays, emptied, for the next chunk.
	 * @return the encoding, or null if no day has members
	 */
	byte[] encode(boolean tagged) {
		int days = 0;
		long size = 0;
		for (Map.Entry<Long, MemberCounts> day : this.days.values().entrySet()) {
			if (day.getValue().size() > 0) {
				days++;
				size += DeltaEncoding.varintSize(day.getKey()) + day.getValue().encodedSize(tagged);
			}
		}
		if (days == 0) {
			return null;
		}
		DeltaEncoding.Writer out = new DeltaEncoding.Writer(Math.toIntExact(size + DeltaEncoding.varintSize(days)));
		out.varint(days);
		this.days.values().forEach((day, counts) -> {
			if (counts.size() > 0) {
				out.varint(day);
				counts.encodeTo(out, tagged);
			}
		});
		this.days.keepLast(emptied -> {
			if (this.spare.size() < SPARE_DAYS) {
				this.spare.push(emptied);
			}
		});
		this.retainedBytes = 0;
		return out.toByteArray();
	}

}

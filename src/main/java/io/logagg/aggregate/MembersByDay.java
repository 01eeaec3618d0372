package io.logagg.aggregate;

/**
 * A chunk's {@link MemberCounts} per UTC day, and the bytes they hold, summed as they grow: the
 * chunk's memory bound asks for it at every line, so it is kept, not added up. Not thread-safe:
 * one per accumulator.
 */
final class MembersByDay {

	private final TimeBuckets<MemberCounts> days = new TimeBuckets<>(day -> new MemberCounts());

	private long retainedBytes;

	/** Counts one more line of {@code epochMinute} with the member in {@code line[from, to)} under {@code tag}. */
	void add(long epochMinute, int tag, byte[] line, int from, int to, long responseBytes) {
		this.retainedBytes += this.days.at(UtcDay.of(epochMinute)).add(tag, line, from, to, responseBytes);
	}

	/** Bytes the day tables hold, estimated ({@link MemberCounts#add}). */
	long retainedBytes() {
		return this.retainedBytes;
	}

	/** Where {@link #drainTo} hands a day's members. */
	interface DaySink {

		/** The sink of {@code members} members of epoch day {@code day}. */
		MemberCounts.Sink day(long day, int members);

	}

	/**
	 * Hands each day that has members, in time order, and its members to {@code sink}, and starts
	 * over; the last day's table stays, emptied, for the next chunk.
	 */
	void drainTo(DaySink sink) {
		this.days.values().forEach((day, counts) -> {
			if (counts.size() > 0) {
				counts.drainTo(sink.day(day, counts.size()));
			}
		});
		this.days.keepLast();
		this.retainedBytes = 0;
	}

}

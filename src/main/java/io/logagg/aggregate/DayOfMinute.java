package io.logagg.aggregate;

/**
 * {@link LocalDay#of} of a line's minute, kept for the last minute asked: lines come a minute at a
 * time, and C1 divides a long with the processor's slowest instruction, per line and aggregate. A
 * mutable flyweight of one accumulator's, because the per-line path asks. Not thread-safe.
 */
final class DayOfMinute {

	private long minute = Long.MIN_VALUE;

	private long day = LocalDay.of(Long.MIN_VALUE);

	/** The day of {@code epochMinute}. */
	long of(long epochMinute) {
		if (epochMinute != this.minute) {
			this.day = LocalDay.of(epochMinute);
			this.minute = epochMinute;
		}
		return this.day;
	}

}

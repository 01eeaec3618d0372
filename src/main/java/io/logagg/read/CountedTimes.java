package io.logagg.read;

import java.time.Duration;
import java.time.Instant;

/**
 * The times a line may be of to be counted: from 1990-01-01 UTC to two days after the run. A line
 * from before the web, like one from year 9999, is a wrong clock or a forged line, and one such day
 * would stretch every report's range over centuries; two days past the run allow for clock skew
 * and time zones.
 *
 * @param earliestMinute the first epoch minute counted
 * @param latestMinute the last epoch minute counted
 */
public record CountedTimes(long earliestMinute, long latestMinute) {

	/** Every time: for readers whose lines have no real clock (tests, tools). */
	public static final CountedTimes ANY = new CountedTimes(Long.MIN_VALUE, Long.MAX_VALUE);

	/** The first epoch minute counted: 1990-01-01T00:00Z. */
	public static final long EARLIEST_MINUTE = 631_152_000L / 60;

	/** How far past the run a line's time may be. */
	public static final Duration LATEST_AHEAD = Duration.ofDays(2);

	/** The window of a run starting now. */
	public static CountedTimes fromNow() {
		return new CountedTimes(EARLIEST_MINUTE, (System.currentTimeMillis() + LATEST_AHEAD.toMillis()) / 60_000);
	}

	/** True if a line of this epoch minute is counted. */
	public boolean contains(long epochMinute) {
		return epochMinute >= this.earliestMinute && epochMinute <= this.latestMinute;
	}

	/** Why a line of this epoch minute is malformed. */
	public static String outside(long epochMinute) {
		return "time " + Instant.ofEpochSecond(epochMinute * 60) + " is outside the times logagg counts (1990 to two days "
				+ "after the run)";
	}

}

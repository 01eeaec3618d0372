package io.logagg.aggregate;

import java.time.LocalDate;

/**
 * Days as logagg names them in keys and reports, {@code yyyy-MM-dd}: of the clock of
 * {@code logagg.time-zone}, on which a line's minute is read ({@code TimeZoneParser}).
 */
public final class LocalDay {

	private LocalDay() {
	}

	/** The day of a minute, both counted from 1970-01-01 on that clock. */
	public static long of(long epochMinute) {
		return Math.floorDiv(epochMinute, 1440);
	}

	/** {@code yyyy-MM-dd} of an epoch day. */
	public static String name(long epochDay) {
		return LocalDate.ofEpochDay(epochDay).toString();
	}

}

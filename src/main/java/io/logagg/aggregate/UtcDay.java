package io.logagg.aggregate;

import java.time.LocalDate;

/** UTC days as logagg names them in keys and reports: {@code yyyy-MM-dd}. */
public final class UtcDay {

	private UtcDay() {
	}

	/** The epoch day of an epoch minute. */
	public static long of(long epochMinute) {
		return Math.floorDiv(epochMinute, 1440);
	}

	/** {@code yyyy-MM-dd} of an epoch day. */
	public static String name(long epochDay) {
		return LocalDate.ofEpochDay(epochDay).toString();
	}

}

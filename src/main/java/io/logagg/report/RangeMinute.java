package io.logagg.report;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.regex.Pattern;

/**
 * A bound of a report's range as {@code report --since/--until} and {@code /api/report} take it:
 * a minute {@code yyyy-MM-ddTHH:mm}, read strictly, so that month 13, February 31 or hour 24 are no
 * minute rather than an empty range. The form of the minutes' keys, which sort as text in time order.
 */
public final class RangeMinute {

	private static final Pattern FORM = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}");

	/** The minutes' form, for those that compute a bound. */
	public static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm")
		.withResolverStyle(ResolverStyle.STRICT);

	private RangeMinute() {
	}

	/** Whether the minute {@code minute} is within {@code [since, until]}, either of which may be null (no bound). */
	static boolean within(String minute, String since, String until) {
		return (since == null || minute.compareTo(since) >= 0) && (until == null || minute.compareTo(until) <= 0);
	}

	/**
	 * @param name how the user gave it ({@code --since}, {@code since})
	 * @param value the minute, or null for none
	 * @throws IllegalArgumentException saying what a minute is, or why this one is none
	 */
	public static void require(String name, String value) {
		if (value == null) {
			return;
		}
		if (!FORM.matcher(value).matches()) {
			throw new IllegalArgumentException(
					name + " takes a minute as yyyy-MM-ddTHH:mm, e.g. 2026-11-20T06:25, not '" + value + "'");
		}
		try {
			LocalDateTime.parse(value, FORMAT);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException(name + " '" + value + "' is no minute of the calendar: "
					+ ((ex.getCause() != null) ? ex.getCause() : ex).getMessage());
		}
	}

}

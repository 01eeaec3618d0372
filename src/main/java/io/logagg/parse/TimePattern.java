package io.logagg.parse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A strftime pattern, as GoAccess's {@code --date-format} and {@code --time-format} take it, read
 * in place: a date ({@code %Y-%m-%d}, {@code %d/%b/%Y}), a time of day ({@code %H:%M:%S},
 * {@code %T}), both ({@code %Y%m%d%H%M%S}), or a timestamp ({@code %s} seconds, {@code %*}
 * milliseconds, {@code %f} microseconds since the epoch, with or without a fraction). Immutable.
 * A time without an offset ({@code %z}) is read as UTC; {@code logagg.time-zone} then moves it.
 */
final class TimePattern {

	/** What {@link #read} returns: an epoch day, a minute of the day, or an epoch minute. */
	enum Yields {
		DATE, CLOCK, INSTANT
	}

	private enum Op {
		YEAR, YEAR2, MONTH, MONTH_NAME, DAY, HOUR, MINUTE, SECOND, FRACTION, EPOCH_SECONDS, EPOCH_MILLIS, EPOCH_MICROS, OFFSET,
		WORD, LITERAL
	}

	private record Step(Op op, byte literal) {
	}

	private final Step[] steps;

	private final Yields yields;

	private final String text;

	private TimePattern(List<Step> steps, Yields yields, String text) {
		this.steps = steps.toArray(Step[]::new);
		this.yields = yields;
		this.text = text;
	}

	/**
	 * @throws IllegalArgumentException naming the directive logagg does not read
	 */
	static TimePattern compile(String pattern) {
		List<Step> steps = new ArrayList<>();
		boolean date = false;
		boolean clock = false;
		boolean epoch = false;
		for (int i = 0; i < pattern.length(); i++) {
			char c = pattern.charAt(i);
			if (c != '%') {
				byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
				for (byte b : bytes) {
					steps.add(new Step(Op.LITERAL, b));
				}
				continue;
			}
			if (++i == pattern.length()) {
				throw new IllegalArgumentException("a % without a directive at the end of '" + pattern + "'");
			}
			char directive = pattern.charAt(i);
			switch (directive) {
				case 'Y' -> add(steps, Op.YEAR);
				case 'y' -> add(steps, Op.YEAR2);
				case 'm' -> add(steps, Op.MONTH);
				case 'b', 'h' -> add(steps, Op.MONTH_NAME);
				case 'd', 'e' -> add(steps, Op.DAY);
				case 'H' -> add(steps, Op.HOUR);
				case 'M' -> add(steps, Op.MINUTE);
				case 'S' -> add(steps, Op.SECOND);
				case 'F' -> {
					add(steps, Op.YEAR);
					steps.add(new Step(Op.LITERAL, (byte) '-'));
					add(steps, Op.MONTH);
					steps.add(new Step(Op.LITERAL, (byte) '-'));
					add(steps, Op.DAY);
				}
				case 'T' -> {
					add(steps, Op.HOUR);
					steps.add(new Step(Op.LITERAL, (byte) ':'));
					add(steps, Op.MINUTE);
					steps.add(new Step(Op.LITERAL, (byte) ':'));
					add(steps, Op.SECOND);
				}
				case 's' -> add(steps, Op.EPOCH_SECONDS);
				case '*' -> add(steps, Op.EPOCH_MILLIS);
				case 'f' -> add(steps, Op.EPOCH_MICROS);
				case 'z' -> add(steps, Op.OFFSET);
				case 'a', 'A' -> add(steps, Op.WORD);
				case '%' -> steps.add(new Step(Op.LITERAL, (byte) '%'));
				default -> throw new IllegalArgumentException("%" + directive + " in '" + pattern
						+ "' is not read by logagg (it reads %Y %y %m %b %d %e %H %M %S %F %T %z %a %s %* %f)");
			}
			date |= "YymbhdeF".indexOf(directive) >= 0;
			clock |= "HMST".indexOf(directive) >= 0;
			epoch |= "s*f".indexOf(directive) >= 0;
		}
		// Seconds after %S may carry a fraction (12:00:01.123): read and dropped.
		for (int k = 0; k < steps.size(); k++) {
			if (steps.get(k).op() == Op.SECOND && (k + 1 == steps.size() || steps.get(k + 1).op() == Op.LITERAL)) {
				steps.add(k + 1, new Step(Op.FRACTION, (byte) 0));
			}
		}
		Yields yields = (epoch || (date && clock)) ? Yields.INSTANT : date ? Yields.DATE : clock ? Yields.CLOCK : null;
		if (yields == null) {
			throw new IllegalArgumentException("'" + pattern + "' holds neither a date, a time nor a timestamp");
		}
		return new TimePattern(steps, yields, pattern);
	}

	private static void add(List<Step> steps, Op op) {
		steps.add(new Step(op, (byte) 0));
	}

	Yields yields() {
		return this.yields;
	}

	@Override
	public String toString() {
		return this.text;
	}

	/**
	 * {@code b[from, to)} read as this pattern: an epoch day ({@link Yields#DATE}), a minute of the
	 * day ({@link Yields#CLOCK}) or an epoch minute ({@link Yields#INSTANT}); {@link Long#MIN_VALUE}
	 * if it does not match.
	 */
	long read(byte[] b, int from, int to) {
		int year = 1970;
		int month = 1;
		int day = 1;
		int hour = 0;
		int minute = 0;
		int offset = 0;
		long epochMinute = Long.MIN_VALUE;
		int i = from;
		for (Step step : this.steps) {
			switch (step.op()) {
				case LITERAL -> {
					if (i >= to || b[i] != step.literal()) {
						return Long.MIN_VALUE;
					}
					i++;
				}
				case YEAR -> {
					year = (int) (i + 4 <= to ? Numbers.digits(b, i, i + 4) : -1);
					i += 4;
				}
				case YEAR2 -> {
					int y = (int) (i + 2 <= to ? Numbers.digits(b, i, i + 2) : -1);
					year = (y < 0) ? -1 : (y < 69 ? 2000 + y : 1900 + y);
					i += 2;
				}
				case MONTH, DAY, HOUR, MINUTE, SECOND -> {
					int start = (i < to && b[i] == ' ') ? i + 1 : i; // %e pads with a space
					int end = start;
					while (end < to && end < start + 2 && b[end] >= '0' && b[end] <= '9') {
						end++;
					}
					if (end == start) {
						return Long.MIN_VALUE;
					}
					int n = (int) Numbers.digits(b, start, end);
					switch (step.op()) {
						case MONTH -> month = n;
						case DAY -> day = n;
						case HOUR -> hour = n;
						case MINUTE -> minute = n;
						default -> {
							if (n > 60) {
								return Long.MIN_VALUE;
							}
						}
					}
					i = end;
				}
				case MONTH_NAME -> {
					month = (i + 3 <= to) ? TimeParser.month(b, i) : -1;
					i += 3;
				}
				case WORD -> {
					while (i < to && Character.isLetter(b[i])) {
						i++;
					}
				}
				case FRACTION -> {
					if (i < to && (b[i] == '.' || b[i] == ',')) {
						i++;
						while (i < to && b[i] >= '0' && b[i] <= '9') {
							i++;
						}
					}
				}
				case EPOCH_SECONDS, EPOCH_MILLIS, EPOCH_MICROS -> {
					int end = i;
					while (end < to && ((b[end] >= '0' && b[end] <= '9') || b[end] == '.')) {
						end++;
					}
					long perMinute = (step.op() == Op.EPOCH_SECONDS) ? 60 : (step.op() == Op.EPOCH_MILLIS) ? 60_000 : 60_000_000;
					int dot = Numbers.indexOf(b, i, end, (byte) '.');
					long whole = (end > i) ? Numbers.digits(b, i, (dot < 0) ? end : dot) : -1;
					if (whole < 0) {
						return Long.MIN_VALUE;
					}
					epochMinute = Math.floorDiv(whole, perMinute);
					i = end;
				}
				case OFFSET -> {
					if (i < to && b[i] == 'Z') {
						i++;
						continue;
					}
					if (i + 5 > to || (b[i] != '+' && b[i] != '-')) {
						return Long.MIN_VALUE;
					}
					int colon = (i + 6 <= to && b[i + 3] == ':') ? 1 : 0;
					long hours = Numbers.digits(b, i + 1, i + 3);
					long minutes = Numbers.digits(b, i + 3 + colon, i + 5 + colon);
					if (hours < 0 || minutes < 0 || hours > 18 || minutes > 59) {
						return Long.MIN_VALUE;
					}
					offset = (int) ((b[i] == '-' ? -1 : 1) * (hours * 60 + minutes));
					i += 5 + colon;
				}
			}
			if (i > to) {
				return Long.MIN_VALUE;
			}
		}
		if (i != to) {
			return Long.MIN_VALUE;
		}
		if (epochMinute != Long.MIN_VALUE) {
			return epochMinute;
		}
		boolean dateValid = year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= TimeParser.daysInMonth(year, month);
		boolean clockValid = hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59;
		return switch (this.yields) {
			case DATE -> dateValid ? TimeParser.epochDay(year, month, day) : Long.MIN_VALUE;
			case CLOCK -> clockValid ? hour * 60L + minute : Long.MIN_VALUE;
			case INSTANT -> (dateValid && clockValid) ? TimeParser.epochDay(year, month, day) * 1440 + hour * 60L + minute - offset
					: Long.MIN_VALUE;
		};
	}

}

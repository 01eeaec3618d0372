package io.logagg.parse;

import java.util.EnumSet;
import java.util.Set;

/**
 * Parses Apache/Nginx Common and Combined Log Format on bytes, without regular expressions:
 * {@code host ident user [dd/MMM/yyyy:HH:mm:ss +hhmm] "request" status size}, then the end of the
 * line or a space and anything (referer and user agent are not checked: real logs truncate them).
 *
 * <p>Nothing is created per line: fields are read as numbers in place and the path is handed on as
 * a range of the buffer ({@link ParsedLine}). Remembers the last line's timestamp, so not
 * thread-safe: one parser per reader.
 */
public final class CombinedLogParser implements LineParser {

	private static final byte SP = ' ';

	private static final byte QUOTE = '"';

	private static final byte BACKSLASH = '\\';

	/** Length of {@code dd/MMM/yyyy:HH:mm:ss +hhmm}. */
	private static final int TIMESTAMP_LENGTH = 26;

	/** The seconds of a timestamp, in the third word {@link #minute} compares: they may differ. */
	private static final long NOT_SECONDS = ~0x00000000FFFF0000L;

	/** The timestamp of the last line whose minute was computed, as four words; and that minute. */
	private long stampHead;

	private long stampMiddle;

	private long stampTail;

	private long stampZone;

	private long stampMinute = Long.MIN_VALUE;

	/** {@link #path} found none: from and to both -1. */
	private static final long NO_PATH = -1L;

	private static final Set<LogField> FIELDS = Set.copyOf(EnumSet.of(LogField.TIME, LogField.STATUS, LogField.BYTES,
			LogField.PATH));

	/** Says why a line fails: the common format, which combined extends, names the field. */
	private FormatParser explainer;

	@Override
	public Set<LogField> fields() {
		return FIELDS;
	}

	/**
	 * The field of the common format ({@code %h %l %u %t "%r" %>s %b}) where the line fails; null
	 * when the common format reads it (combined takes what follows the size as it comes).
	 */
	@Override
	public String explain(byte[] line, int from, int to) {
		if (this.explainer == null) {
			this.explainer = (FormatParser) FormatSpec.compile("common");
		}
		String why = this.explainer.explain(line, from, to);
		return (why == null || why.startsWith("unexpected text after the last field")) ? null : why;
	}

	@Override
	public boolean parse(byte[] b, int from, int to, ParsedLine into) {
		into.reset(b);
		// host, ident and user: three non-empty fields, each ended by a single space
		int i = from;
		for (int field = 0; field < 3; field++) {
			int end = indexOf(b, i, to, SP);
			if (end <= i) {
				return false;
			}
			i = end + 1;
		}
		if (i + TIMESTAMP_LENGTH + 3 > to || b[i] != '[' || b[i + TIMESTAMP_LENGTH + 1] != ']'
				|| b[i + TIMESTAMP_LENGTH + 2] != SP) {
			return false;
		}
		long minute = minute(b, i + 1);
		if (minute == Long.MIN_VALUE) {
			return false;
		}
		i += TIMESTAMP_LENGTH + 3;
		if (i >= to || b[i] != QUOTE) {
			return false;
		}
		int requestStart = i + 1;
		int requestEnd = closingQuote(b, requestStart, to);
		if (requestEnd < 0) {
			return false;
		}
		i = requestEnd + 1;
		// SP status SP size, then end of line or SP
		if (i + 6 > to || b[i] != SP || b[i + 4] != SP) {
			return false;
		}
		int status = smallDigits(b, i + 1, i + 4);
		if (status < 0) {
			return false;
		}
		i += 5;
		int sizeEnd = indexOf(b, i, to, SP);
		if (sizeEnd < 0) {
			sizeEnd = to;
		}
		long size;
		if (sizeEnd - i == 1 && b[i] == '-') {
			size = 0;
		}
		else if (sizeEnd > i && sizeEnd - i <= 18) {
			size = digits(b, i, sizeEnd);
			if (size < 0) {
				return false;
			}
		}
		else {
			return false;
		}
		long path = path(b, requestStart, requestEnd);
		into.status(status);
		into.epochMinute(minute);
		into.size(size);
		if (path != NO_PATH) {
			into.range(LogField.PATH, (int) (path >> 32), (int) path);
		}
		return true;
	}

	/**
	 * Where the path is: the second of 2 or 3 space-separated, non-empty request tokens, cut at
	 * {@code ?}, as {@code from << 32 | to}; -1 in both halves when there is none.
	 */
	private static long path(byte[] b, int from, int to) {
		int firstSpace = indexOf(b, from, to, SP);
		if (firstSpace <= from) {
			return NO_PATH;
		}
		int pathStart = firstSpace + 1;
		int pathEnd = indexOf(b, pathStart, to, SP);
		if (pathEnd < 0) {
			pathEnd = to;
		}
		else if (pathEnd + 1 >= to || indexOf(b, pathEnd + 1, to, SP) >= 0) {
			return NO_PATH;
		}
		if (pathEnd <= pathStart) {
			return NO_PATH;
		}
		int query = indexOf(b, pathStart, pathEnd, (byte) '?');
		if (query >= 0) {
			pathEnd = query;
		}
		return ((long) pathStart << 32) | pathEnd;
	}

	/** Index of the quote that closes a request starting at {@code from}; a backslash escapes. */
	private static int closingQuote(byte[] b, int from, int to) {
		for (int i = from; i < to; i++) {
			if (b[i] == BACKSLASH) {
				i++;
			}
			else if (b[i] == QUOTE) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * {@link #epochMinute}, reused when only the seconds changed since the last line: lines come
	 * in time order, and a minute holds hundreds of them.
	 */
	private long minute(byte[] b, int at) {
		long head = ByteSearch.longAt(b, at);
		long middle = ByteSearch.longAt(b, at + 8);
		long tail = ByteSearch.longAt(b, at + 16) & NOT_SECONDS;
		long zone = ByteSearch.longAt(b, at + 18) >>> 48;
		if (this.stampMinute != Long.MIN_VALUE && head == this.stampHead && middle == this.stampMiddle
				&& tail == this.stampTail && zone == this.stampZone) {
			int tens = b[at + 18] - '0';
			int units = b[at + 19] - '0';
			return (tens >= 0 && tens <= 5 && units >= 0 && units <= 9) ? this.stampMinute : Long.MIN_VALUE;
		}
		long minute = epochMinute(b, at);
		if (minute != Long.MIN_VALUE) {
			this.stampHead = head;
			this.stampMiddle = middle;
			this.stampTail = tail;
			this.stampZone = zone;
			this.stampMinute = minute;
		}
		return minute;
	}

	/**
	 * {@code dd/MMM/yyyy:HH:mm:ss +hhmm} at {@code at} as minutes since the epoch in UTC, or
	 * {@link Long#MIN_VALUE} when it is not a valid time.
	 */
	static long epochMinute(byte[] b, int at) {
		if (b[at + 2] != '/' || b[at + 6] != '/' || b[at + 11] != ':' || b[at + 14] != ':' || b[at + 17] != ':'
				|| b[at + 20] != SP || (b[at + 21] != '+' && b[at + 21] != '-')) {
			return Long.MIN_VALUE;
		}
		int day = smallDigits(b, at, at + 2);
		int month = month(b, at + 3);
		int year = smallDigits(b, at + 7, at + 11);
		int hour = smallDigits(b, at + 12, at + 14);
		int minute = smallDigits(b, at + 15, at + 17);
		int second = smallDigits(b, at + 18, at + 20);
		int offsetHours = smallDigits(b, at + 22, at + 24);
		int offsetMinutes = smallDigits(b, at + 24, at + 26);
		if (month < 1 || year < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
				|| second > 59 || offsetHours < 0 || offsetHours > 18 || offsetMinutes < 0 || offsetMinutes > 59
				|| day < 1 || day > daysInMonth(year, month)) {
			return Long.MIN_VALUE;
		}
		int offset = (b[at + 21] == '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
		return epochDay(year, month, day) * 1440 + hour * 60 + minute - offset;
	}

	private static int month(byte[] b, int at) {
		return switch ((b[at] << 16) | (b[at + 1] << 8) | b[at + 2]) {
			case ('J' << 16) | ('a' << 8) | 'n' -> 1;
			case ('F' << 16) | ('e' << 8) | 'b' -> 2;
			case ('M' << 16) | ('a' << 8) | 'r' -> 3;
			case ('A' << 16) | ('p' << 8) | 'r' -> 4;
			case ('M' << 16) | ('a' << 8) | 'y' -> 5;
			case ('J' << 16) | ('u' << 8) | 'n' -> 6;
			case ('J' << 16) | ('u' << 8) | 'l' -> 7;
			case ('A' << 16) | ('u' << 8) | 'g' -> 8;
			case ('S' << 16) | ('e' << 8) | 'p' -> 9;
			case ('O' << 16) | ('c' << 8) | 't' -> 10;
			case ('N' << 16) | ('o' << 8) | 'v' -> 11;
			case ('D' << 16) | ('e' << 8) | 'c' -> 12;
			default -> -1;
		};
	}

	static int daysInMonth(int year, int month) {
		return switch (month) {
			case 2 -> ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0) ? 29 : 28;
			case 4, 6, 9, 11 -> 30;
			default -> 31;
		};
	}

	/** Days from 1970-01-01 to the given date (proleptic Gregorian), as java.time computes it. */
	static long epochDay(int year, int month, int day) {
		long y = year;
		long total = 365 * y + (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
		total += (367L * month - 362) / 12 + day - 1;
		if (month > 2) {
			total -= ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0) ? 1 : 2;
		}
		return total - 719528;
	}

	/** The decimal number in {@code [from, to)}, or -1 if a byte is not a digit. */
	private static long digits(byte[] b, int from, int to) {
		long value = 0;
		for (int i = from; i < to; i++) {
			int d = b[i] - '0';
			if (d < 0 || d > 9) {
				return -1;
			}
			value = value * 10 + d;
		}
		return value;
	}

	private static int smallDigits(byte[] b, int from, int to) {
		return (int) digits(b, from, to);
	}

	private static int indexOf(byte[] b, int from, int to, byte wanted) {
		for (int i = from; i < to; i++) {
			if (b[i] == wanted) {
				return i;
			}
		}
		return -1;
	}

}

package io.logagg.parse;

/**
 * Request times read in place as minutes since the epoch (UTC): the Common Log Format stamp
 * {@code dd/MMM/yyyy:HH:mm:ss +hhmm}, with the last one's minute cached (lines come in time order),
 * and ISO 8601 ({@code 2026-11-29T10:00:00+00:00}, nginx's {@code $time_iso8601}). Not thread-safe.
 */
final class TimeParser {

	/** The seconds of a CLF stamp, in the third word {@link #clf} compares: they may differ. */
	private static final long NOT_SECONDS = ~0x00000000FFFF0000L;

	/** The stamp of the last line whose minute was computed, as four words; and that minute. */
	private long stampHead;

	private long stampMiddle;

	private long stampTail;

	private long stampZone;

	private long stampMinute = Long.MIN_VALUE;

	/**
	 * The CLF stamp at {@code at} (26 bytes, which the caller has), or {@link Long#MIN_VALUE} if it
	 * is not a valid time; the last line's minute is reused when only the seconds changed, compared
	 * eight bytes at a time: lines come in time order, and a minute holds hundreds of them.
	 */
	long clf(byte[] b, int at) {
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
				|| b[at + 20] != ' ' || (b[at + 21] != '+' && b[at + 21] != '-')) {
			return Long.MIN_VALUE;
		}
		int day = (int) Numbers.digits(b, at, at + 2);
		int month = month(b, at + 3);
		int year = (int) Numbers.digits(b, at + 7, at + 11);
		int hour = (int) Numbers.digits(b, at + 12, at + 14);
		int minute = (int) Numbers.digits(b, at + 15, at + 17);
		int second = (int) Numbers.digits(b, at + 18, at + 20);
		int offsetHours = (int) Numbers.digits(b, at + 22, at + 24);
		int offsetMinutes = (int) Numbers.digits(b, at + 24, at + 26);
		if (month < 1 || year < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
				|| second > 59 || offsetHours < 0 || offsetHours > 18 || offsetMinutes < 0 || offsetMinutes > 59
				|| day < 1 || day > daysInMonth(year, month)) {
			return Long.MIN_VALUE;
		}
		int offset = (b[at + 21] == '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
		return epochDay(year, month, day) * 1440 + hour * 60 + minute - offset;
	}

	static int month(byte[] b, int at) {
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

	/**
	 * {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|+hh:mm|+hhmm)} in {@code [from, to)} as minutes since
	 * the epoch, or {@link Long#MIN_VALUE}.
	 */
	static long iso8601(byte[] b, int from, int to) {
		if (to - from < 20 || b[from + 4] != '-' || b[from + 7] != '-' || (b[from + 10] != 'T' && b[from + 10] != ' ')
				|| b[from + 13] != ':' || b[from + 16] != ':') {
			return Long.MIN_VALUE;
		}
		long year = Numbers.digits(b, from, from + 4);
		long month = Numbers.digits(b, from + 5, from + 7);
		long day = Numbers.digits(b, from + 8, from + 10);
		long hour = Numbers.digits(b, from + 11, from + 13);
		long minute = Numbers.digits(b, from + 14, from + 16);
		long second = Numbers.digits(b, from + 17, from + 19);
		if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth((int) year, (int) month)
				|| hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
			return Long.MIN_VALUE;
		}
		int i = from + 19;
		if (i < to && b[i] == '.') {
			i++;
			while (i < to && b[i] >= '0' && b[i] <= '9') {
				i++;
			}
		}
		long offset;
		if (i + 1 == to && b[i] == 'Z') {
			offset = 0;
		}
		else if ((to - i == 6 && b[i + 3] == ':') || to - i == 5) {
			long hours = Numbers.digits(b, i + 1, i + 3);
			long minutes = Numbers.digits(b, to - 2, to);
			if ((b[i] != '+' && b[i] != '-') || hours < 0 || hours > 18 || minutes < 0 || minutes > 59) {
				return Long.MIN_VALUE;
			}
			offset = (b[i] == '-' ? -1 : 1) * (hours * 60 + minutes);
		}
		else {
			return Long.MIN_VALUE;
		}
		return epochDay((int) year, (int) month, (int) day) * 1440 + hour * 60 + minute - offset;
	}

}

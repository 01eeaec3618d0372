package io.logagg.parse;

/**
 * Request times read in place as minutes since the epoch (UTC): the Common Log Format stamp
 * {@code dd/MMM/yyyy:HH:mm:ss +hhmm}, with the last one's minute cached (lines come in time order),
 * and ISO 8601 ({@code 2026-11-29T10:00:00+00:00}, nginx's {@code $time_iso8601}). Not thread-safe.
 */
final class TimeParser {

	private final byte[] lastStamp = new byte[26];

	private long lastMinute = Long.MIN_VALUE;

	/** The CLF stamp at {@code at} (26 bytes), or {@link Long#MIN_VALUE} if it is not a valid time. */
	long clf(byte[] b, int at) {
		if (this.lastMinute != Long.MIN_VALUE && sameButSeconds(b, at)) {
			int tens = b[at + 18] - '0';
			int units = b[at + 19] - '0';
			return (tens >= 0 && tens <= 5 && units >= 0 && units <= 9) ? this.lastMinute : Long.MIN_VALUE;
		}
		long minute = CombinedLogParser.epochMinute(b, at);
		if (minute != Long.MIN_VALUE) {
			System.arraycopy(b, at, this.lastStamp, 0, 26);
			this.lastMinute = minute;
		}
		return minute;
	}

	private boolean sameButSeconds(byte[] b, int at) {
		for (int i = 0; i < 26; i++) {
			if (i != 18 && i != 19 && b[at + i] != this.lastStamp[i]) {
				return false;
			}
		}
		return true;
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
		if (year < 0 || month < 1 || month > 12 || day < 1 || day > CombinedLogParser.daysInMonth((int) year, (int) month)
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
		return CombinedLogParser.epochDay((int) year, (int) month, (int) day) * 1440 + hour * 60 + minute - offset;
	}

}

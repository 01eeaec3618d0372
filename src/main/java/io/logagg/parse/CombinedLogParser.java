package io.logagg.parse;

import java.util.EnumSet;
import java.util.Set;

/**
 * Parses Apache/Nginx Common and Combined Log Format on bytes, without regular expressions:
 * {@code host ident user [dd/MMM/yyyy:HH:mm:ss +hhmm] "request" status size}, then the end of the
 * line or a space and anything. The referer and user agent are read when they follow, quoted, but
 * a line is not refused for lacking them: real logs truncate them.
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

	/** Reads the timestamp, reusing the last line's minute when only the seconds changed. */
	private final TimeParser times = new TimeParser();

	private static final Set<LogField> FIELDS = Set.copyOf(EnumSet.of(LogField.TIME, LogField.CLIENT, LogField.USER,
			LogField.METHOD, LogField.PATH, LogField.QUERY, LogField.PROTOCOL, LogField.STATUS, LogField.BYTES,
			LogField.REFERER, LogField.USER_AGENT));

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
		int userFrom = from;
		for (int field = 0; field < 3; field++) {
			int end = Numbers.indexOf(b, i, to, SP);
			if (end <= i) {
				return false;
			}
			if (field == 0) {
				into.range(LogField.CLIENT, i, end);
			}
			else if (field == 2 && !(end - i == 1 && b[i] == '-')) {
				into.range(LogField.USER, i, end);
			}
			i = end + 1;
		}
		if (i + TIMESTAMP_LENGTH + 3 > to || b[i] != '[' || b[i + TIMESTAMP_LENGTH + 1] != ']'
				|| b[i + TIMESTAMP_LENGTH + 2] != SP) {
			return false;
		}
		long minute = this.times.clf(b, i + 1);
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
		int status = (int) Numbers.digits(b, i + 1, i + 4);
		if (status < 0) {
			return false;
		}
		i += 5;
		int sizeEnd = Numbers.indexOf(b, i, to, SP);
		if (sizeEnd < 0) {
			sizeEnd = to;
		}
		long size;
		if (sizeEnd - i == 1 && b[i] == '-') {
			size = 0;
		}
		else if (sizeEnd > i && sizeEnd - i <= 18) {
			size = Numbers.digits(b, i, sizeEnd);
			if (size < 0) {
				return false;
			}
		}
		else {
			return false;
		}
		request(b, requestStart, requestEnd, into);
		into.status(status);
		into.epochMinute(minute);
		into.size(size);
		if (sizeEnd + 2 < to && b[sizeEnd + 1] == QUOTE) {
			headers(b, sizeEnd + 2, to, into);
		}
		return true;
	}

	/** The referer, quoted, whose content starts at {@code from}, then a space and the user agent, quoted. */
	private static void headers(byte[] b, int from, int to, ParsedLine into) {
		int refererEnd = closingQuote(b, from, to);
		if (refererEnd < 0) {
			return;
		}
		if (refererEnd > from && !(refererEnd - from == 1 && b[from] == '-')) {
			into.range(LogField.REFERER, from, refererEnd);
		}
		int agentFrom = refererEnd + 3;
		if (agentFrom <= to && b[refererEnd + 1] == SP && b[refererEnd + 2] == QUOTE) {
			int agentEnd = closingQuote(b, agentFrom, to);
			if (agentEnd > agentFrom) {
				into.range(LogField.USER_AGENT, agentFrom, agentEnd);
			}
		}
	}

	/**
	 * The method, path, query and protocol of a request of 2 or 3 space-separated, non-empty
	 * tokens; none of them if it has another shape.
	 */
	private static void request(byte[] b, int from, int to, ParsedLine into) {
		int firstSpace = Numbers.indexOf(b, from, to, SP);
		if (firstSpace <= from) {
			return;
		}
		int pathStart = firstSpace + 1;
		// The path and the rest of the request a word at a time: byte by byte, these scans were an
		// eighth of the reading thread.
		int pathEnd = ByteSearch.indexOf(b, pathStart, to, SP);
		int protocolFrom = -1;
		if (pathEnd < 0) {
			pathEnd = to;
		}
		else if (pathEnd + 1 >= to || ByteSearch.indexOf(b, pathEnd + 1, to, SP) >= 0) {
			return;
		}
		else {
			protocolFrom = pathEnd + 1;
		}
		if (pathEnd <= pathStart) {
			return;
		}
		into.range(LogField.METHOD, from, firstSpace);
		if (protocolFrom > 0) {
			into.range(LogField.PROTOCOL, protocolFrom, to);
		}
		int query = ByteSearch.indexOf(b, pathStart, pathEnd, (byte) '?');
		if (query >= 0) {
			if (query + 1 < pathEnd) {
				into.range(LogField.QUERY, query + 1, pathEnd);
			}
			pathEnd = query;
		}
		into.range(LogField.PATH, pathStart, pathEnd);
	}

	/** Index of the quote that closes a request starting at {@code from}; a backslash escapes. */
	private static int closingQuote(byte[] b, int from, int to) {
		int i = from;
		while (i < to) {
			int at = ByteSearch.indexOfEither(b, i, to, QUOTE, BACKSLASH);
			if (at < 0 || b[at] == QUOTE) {
				return at;
			}
			// A backslash escapes the byte after it, a quote included.
			i = at + 2;
		}
		return -1;
	}

}

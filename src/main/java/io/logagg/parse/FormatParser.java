package io.logagg.parse;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A line format compiled from a server's own format string: an nginx {@code log_format} or an
 * Apache {@code LogFormat}, as {@link FormatSpec} reads them. Parses on bytes without regular
 * expressions and creates nothing per line: a line is walked element by element, literals compared
 * in place, each field's value ending where the next literal begins (after an escaped quote inside a
 * quoted field, as both servers escape them), numbers and times read in place.
 *
 * <p>Not thread-safe (the timestamp of the last line is cached, as in {@link CombinedLogParser}):
 * one parser per reader.
 */
public final class FormatParser implements LineParser {

	private static final long NO_TIME = Long.MIN_VALUE;

	private final Element[] elements;

	private final Set<LogField> fields;

	private final TimeParser times = new TimeParser();

	/** Whether text after the last element is read and not kept, as GoAccess reads its formats. */
	private final boolean ignoresTrailing;

	/** Lines that begin with these bytes are a header (a CSV's column names), not requests; or null. */
	private final byte[] headerPrefix;

	/** Why the last line failed, when {@link #explain} asks; null otherwise. */
	private String failure;

	private boolean explaining;

	FormatParser(List<Element> elements) {
		this(elements, false, null);
	}

	/**
	 * @param ignoresTrailing whether text after the last element is allowed (and not kept)
	 * @param headerPrefix lines beginning with it are the file's header ({@link #directive}), or null
	 */
	FormatParser(List<Element> elements, boolean ignoresTrailing, String headerPrefix) {
		this.ignoresTrailing = ignoresTrailing;
		this.headerPrefix = (headerPrefix != null) ? headerPrefix.getBytes(StandardCharsets.UTF_8) : null;
		this.elements = elements.toArray(Element[]::new);
		Set<LogField> yielded = EnumSet.noneOf(LogField.class);
		for (Element element : elements) {
			if (element.kind != null) {
				yielded.addAll(element.yields());
			}
		}
		this.fields = Collections.unmodifiableSet(yielded);
	}

	@Override
	public Set<LogField> fields() {
		return this.fields;
	}

	/**
	 * Why a line does not parse, naming the field and the byte where it failed
	 * ({@code status: expected 3 digits at byte 87}), or null if it parses. Slow: for
	 * {@code check-format} and samples, not the per-line path.
	 */
	@Override
	public String explain(byte[] line, int from, int to) {
		this.explaining = true;
		this.failure = null;
		try {
			return parse(line, from, to, new ParsedLine()) ? null : ((this.failure != null) ? this.failure : "malformed");
		}
		finally {
			this.explaining = false;
		}
	}

	@Override
	public boolean directive(byte[] line, int from, int to) {
		return this.headerPrefix != null && to - from >= this.headerPrefix.length
				&& ByteSearch.regionEquals(line, from, this.headerPrefix);
	}

	private boolean fail(String what, int at, int lineStart) {
		if (this.explaining) {
			this.failure = what + " at byte " + (at - lineStart);
		}
		return false;
	}

	@Override
	public boolean parse(byte[] b, int from, int to, ParsedLine into) {
		into.reset(b);
		int i = from;
		boolean hasTime = false;
		boolean hasStatus = false;
		long day = NO_TIME;
		long clock = NO_TIME;
		for (int e = 0; e < this.elements.length; e++) {
			Element element = this.elements[e];
			if (element.skipsSpaces) {
				while (i < to && b[i] == ' ') {
					i++;
				}
			}
			if (element.kind == null) {
				byte[] literal = element.literal;
				if (i + literal.length > to || !ByteSearch.regionEquals(b, i, literal)) {
					return fail("expected \"" + new String(literal, StandardCharsets.UTF_8) + "\"", i, from);
				}
				i += literal.length;
				continue;
			}
			int end = valueEnd(b, i, to, e);
			if (end < 0) {
				return fail(element.name + ": no end found (expected \""
						+ new String(this.elements[e + 1].literal, StandardCharsets.UTF_8) + "\" after it)", i, from);
			}
			switch (element.kind) {
				case TIME_LOCAL, TIME_APACHE -> {
					int at = (element.kind == Kind.TIME_APACHE) ? i + 1 : i;
					int length = (element.kind == Kind.TIME_APACHE) ? 28 : 26;
					if (end - i != length || (element.kind == Kind.TIME_APACHE && (b[i] != '[' || b[end - 1] != ']'))) {
						return fail(element.name + ": expected dd/MMM/yyyy:HH:mm:ss +hhmm", i, from);
					}
					long minute = this.times.clf(b, at);
					if (minute == NO_TIME) {
						return fail(element.name + ": not a valid time", i, from);
					}
					into.epochMinute(minute);
					hasTime = true;
				}
				case TIME_ISO -> {
					long minute = TimeParser.iso8601(b, i, end);
					if (minute == NO_TIME) {
						return fail(element.name + ": expected an ISO 8601 time", i, from);
					}
					into.epochMinute(minute);
					hasTime = true;
				}
				case TIME_MSEC -> {
					long millis = Numbers.decimal(b, i, end, 3);
					if (millis < 0) {
						return fail(element.name + ": expected epoch seconds with milliseconds", i, from);
					}
					into.epochMinute(Math.floorDiv(millis, 60_000));
					hasTime = true;
				}
				case DATE, CLOCK, INSTANT -> {
					long value = element.pattern.read(b, i, end);
					if (value == NO_TIME) {
						return fail(element.name + ": expected a time as " + element.pattern, i, from);
					}
					if (element.kind == Kind.DATE) {
						day = value;
					}
					else if (element.kind == Kind.CLOCK) {
						clock = value;
					}
					else {
						into.epochMinute(value);
						hasTime = true;
					}
				}
				case FORWARDED_CLIENT -> {
					int last = i;
					while (last < end && Numbers.indexOf(element.delimiters, 0, element.delimiters.length, b[last]) < 0) {
						last++;
					}
					if (last > i && !(last - i == 1 && b[i] == '-')) {
						into.range(LogField.CLIENT, i, last);
					}
				}
				case STATUS -> {
					int status = (end - i == 3) ? (int) Numbers.digits(b, i, end) : -1;
					if (status < 0) {
						return fail(element.name + ": expected 3 digits", i, from);
					}
					into.status(status);
					hasStatus = true;
				}
				case BYTES -> {
					long size = (end - i == 1 && b[i] == '-') ? 0 : (end - i <= 18) ? Numbers.digits(b, i, end) : -1;
					if (size < 0 || end == i) {
						return fail(element.name + ": expected a number or -", i, from);
					}
					into.size(size);
				}
				case REQUEST -> request(b, i, end, into);
				case REQUEST_URI -> uri(b, i, end, into);
				case QUERY -> {
					int start = (end > i && b[i] == '?') ? i + 1 : i;
					if (end > start && !(end - start == 1 && b[start] == '-')) {
						into.range(LogField.QUERY, start, end);
					}
				}
				case DURATION_SECONDS, DURATION_MILLIS, DURATION_MICROS, DURATION_NANOS, DURATION_UPSTREAM -> {
					long micros = duration(element.kind, b, i, end);
					if (micros == -2) {
						return fail(element.name + ": expected a duration", i, from);
					}
					if (micros >= 0) {
						into.durationMicros(micros);
					}
				}
				case TEXT -> {
					if (!(end - i == 1 && b[i] == '-') && end > i) {
						into.range(element.field, i, end);
					}
				}
				case OPAQUE -> {
					// a field logagg does not use: skipped
				}
			}
			i = end;
		}
		if (i != to && !this.ignoresTrailing) {
			return fail("unexpected text after the last field", i, from);
		}
		if (!hasTime && day != NO_TIME && clock != NO_TIME) {
			into.epochMinute(day * 1440 + clock);
			hasTime = true;
		}
		if (!hasTime || !hasStatus) {
			return fail(hasTime ? "no status" : "no time", i, from);
		}
		return true;
	}

	/**
	 * Where the value of element {@code e}, starting at {@code from}, ends: at the next literal
	 * (past backslash escapes when the value is quoted), the end of the line for the last element,
	 * or a fixed length for a time.
	 */
	private int valueEnd(byte[] b, int from, int to, int e) {
		Element element = this.elements[e];
		if (element.kind == Kind.TIME_LOCAL) {
			return Math.min(from + 26, to);
		}
		if (element.kind == Kind.TIME_APACHE) {
			return Math.min(from + 28, to);
		}
		if (e + 1 == this.elements.length) {
			return to;
		}
		Element next = this.elements[e + 1];
		if (next.kind != null) {
			// Two fields without a literal between them: the format compiler refuses that.
			return -1;
		}
		byte first = next.literal[0];
		boolean escapes = element.quoted;
		// A word at a time: byte by byte, this scan was a sixth of the read-ahead thread on nginx lines.
		int i = from;
		while (i < to) {
			i = escapes ? ByteSearch.indexOfEither(b, i, to, first, (byte) '\\') : ByteSearch.indexOf(b, i, to, first);
			if (i < 0) {
				return -1;
			}
			if (escapes && b[i] == '\\') {
				i += 2;
				continue;
			}
			if (i + next.literal.length <= to && ByteSearch.regionEquals(b, i, next.literal)) {
				return i;
			}
			i++;
		}
		return -1;
	}

	/** {@code METHOD PATH[?QUERY] PROTOCOL}: fields of a request line, if it has that form. */
	private static void request(byte[] b, int from, int to, ParsedLine into) {
		int firstSpace = Numbers.indexOf(b, from, to, (byte) ' ');
		if (firstSpace <= from) {
			return;
		}
		int uriStart = firstSpace + 1;
		// The URI and the rest a word at a time, as CombinedLogParser does.
		int uriEnd = ByteSearch.indexOf(b, uriStart, to, (byte) ' ');
		if (uriEnd < 0) {
			uriEnd = to;
		}
		else if (uriEnd + 1 >= to || ByteSearch.indexOf(b, uriEnd + 1, to, (byte) ' ') >= 0) {
			return;
		}
		if (uriEnd <= uriStart) {
			return;
		}
		into.range(LogField.METHOD, from, firstSpace);
		uri(b, uriStart, uriEnd, into);
		if (uriEnd < to) {
			into.range(LogField.PROTOCOL, uriEnd + 1, to);
		}
	}

	/** A request URI: the path before {@code ?}, the query after it. */
	private static void uri(byte[] b, int from, int to, ParsedLine into) {
		if (to <= from || (to - from == 1 && b[from] == '-')) {
			return;
		}
		int query = ByteSearch.indexOf(b, from, to, (byte) '?');
		if (query < 0) {
			into.range(LogField.PATH, from, to);
			return;
		}
		if (query > from) {
			into.range(LogField.PATH, from, query);
		}
		if (query + 1 < to) {
			into.range(LogField.QUERY, query + 1, to);
		}
	}

	/**
	 * A duration in microseconds; -1 for {@code -} (none), -2 if malformed. An upstream list
	 * ({@code 0.010, 0.002 : 0.004}: several upstream servers tried, and redirections) counts the
	 * sum of its values, the time spent upstream.
	 */
	private static long duration(Kind kind, byte[] b, int from, int to) {
		if (to - from == 1 && b[from] == '-') {
			return -1;
		}
		return switch (kind) {
			case DURATION_SECONDS -> {
				long micros = Numbers.decimal(b, from, to, 6);
				yield (micros < 0) ? -2 : micros;
			}
			case DURATION_MILLIS -> {
				long micros = Numbers.decimal(b, from, to, 3);
				yield (micros < 0 || to == from) ? -2 : micros;
			}
			case DURATION_NANOS -> {
				long nanos = Numbers.digits(b, from, to);
				yield (nanos < 0 || to == from) ? -2 : nanos / 1000;
			}
			case DURATION_MICROS -> {
				long micros = Numbers.digits(b, from, to);
				yield (micros < 0 || to == from) ? -2 : micros;
			}
			default -> {
				long sum = 0;
				int start = from;
				for (int i = from; i <= to; i++) {
					if (i == to || b[i] == ',' || b[i] == ':') {
						int s = start;
						int e = i;
						while (s < e && b[s] == ' ') {
							s++;
						}
						while (e > s && b[e - 1] == ' ') {
							e--;
						}
						if (!(e - s == 1 && b[s] == '-')) {
							long micros = Numbers.decimal(b, s, e, 6);
							if (micros < 0) {
								yield -2;
							}
							sum += micros;
						}
						start = i + 1;
					}
				}
				yield sum;
			}
		};
	}

	/** What a field is, and so how its value is read. */
	enum Kind {

		TIME_LOCAL(LogField.TIME), TIME_APACHE(LogField.TIME), TIME_ISO(LogField.TIME), TIME_MSEC(LogField.TIME),
		STATUS(LogField.STATUS), BYTES(LogField.BYTES),
		REQUEST(LogField.METHOD, LogField.PATH, LogField.QUERY, LogField.PROTOCOL), REQUEST_URI(LogField.PATH,
				LogField.QUERY),
		QUERY(LogField.QUERY), DURATION_SECONDS(LogField.DURATION), DURATION_MILLIS(LogField.DURATION),
		DURATION_MICROS(LogField.DURATION), DURATION_NANOS(LogField.DURATION), DURATION_UPSTREAM(LogField.DURATION),
		/** A date, a time of day, or both, read by the element's {@link TimePattern}: a line's time once it has both. */
		DATE(LogField.TIME), CLOCK(LogField.TIME), INSTANT(LogField.TIME),
		/** The first address of an {@code X-Forwarded-For} list, GoAccess's {@code ~h{, }}. */
		FORWARDED_CLIENT(LogField.CLIENT), TEXT(), OPAQUE();

		final Set<LogField> fields;

		Kind(LogField... fields) {
			this.fields = (fields.length == 0) ? Set.of() : Set.copyOf(List.of(fields));
		}

	}

	/**
	 * One element of a compiled format: a literal, or a field.
	 *
	 * @param literal the literal's bytes; null for a field
	 * @param kind the field's kind; null for a literal
	 * @param field for {@link Kind#TEXT}, the field it fills
	 * @param name the directive as written ({@code $status}, {@code %>s}), for messages
	 * @param quoted whether the field's value is between quotes, where a backslash escapes
	 * @param pattern how a {@link Kind#DATE}, {@link Kind#CLOCK} or {@link Kind#INSTANT} is written
	 * @param delimiters what separates the addresses of a {@link Kind#FORWARDED_CLIENT}
	 * @param skipsSpaces whether spaces before the element are passed over (GoAccess's {@code %~})
	 */
	record Element(byte[] literal, Kind kind, LogField field, String name, boolean quoted, TimePattern pattern,
			byte[] delimiters, boolean skipsSpaces) {

		static Element literal(String text) {
			return new Element(text.getBytes(StandardCharsets.UTF_8), null, null, null, false, null, null, false);
		}

		static Element field(Kind kind, LogField field, String name) {
			return new Element(null, kind, field, name, false, null, null, false);
		}

		static Element time(Kind kind, TimePattern pattern, String name) {
			return new Element(null, kind, null, name, false, pattern, null, false);
		}

		static Element forwardedClient(String delimiters, String name) {
			return new Element(null, Kind.FORWARDED_CLIENT, null, name, false, null, delimiters.getBytes(StandardCharsets.UTF_8),
					false);
		}

		Element asQuoted() {
			return new Element(this.literal, this.kind, this.field, this.name, true, this.pattern, this.delimiters, this.skipsSpaces);
		}

		Element skippingSpaces() {
			return new Element(this.literal, this.kind, this.field, this.name, this.quoted, this.pattern, this.delimiters, true);
		}

		/** A TEXT field fills its field; the others fill their kind's. */
		Set<LogField> yields() {
			if (this.kind == Kind.TEXT) {
				return Set.of(this.field);
			}
			return this.kind.fields;
		}

	}

}

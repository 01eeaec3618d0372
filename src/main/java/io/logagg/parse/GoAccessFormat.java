package io.logagg.parse;

import java.util.List;

import io.logagg.parse.FormatParser.Element;
import io.logagg.parse.FormatParser.Kind;

/**
 * GoAccess's {@code --log-format} strings ({@code goaccess:%h %^[%d:%t %^] "%r" %s %b "%R" "%u"}),
 * so that a GoAccess configuration works as it is: its specifiers, {@code %^} for a field read and
 * not kept, {@code %~} for spaces passed over, {@code ~h{, }} for the first address of an
 * {@code X-Forwarded-For} list, {@code \t} for a tab, and text after the last field read and not
 * kept, as GoAccess reads it. Dates and times are read with GoAccess's {@code --date-format} and
 * {@code --time-format}; where a format holds {@code [%d:%t %^]} in Apache's date and time, the
 * stamp's offset, which GoAccess passes over, is read, so that times are exact.
 */
final class GoAccessFormat {

	private static final String APACHE_DATE = "%d/%b/%Y";

	private static final String CLF_TIME = "%d:%t %^";

	private GoAccessFormat() {
	}

	/**
	 * @param format the log format
	 * @param dateFormat GoAccess's date format
	 * @param timeFormat GoAccess's time format
	 * @param header lines beginning with it are a header, not requests (a CSV's column names); or null
	 * @param preset the preset's name, or null for a {@code goaccess:} string
	 * @throws IllegalArgumentException naming what is wrong and where
	 */
	static FormatParser compile(String format, String dateFormat, String timeFormat, String header, String preset) {
		FormatSpec.Fields fields = new FormatSpec.Fields(format, "goaccess:");
		boolean clfTime = dateFormat.equals(APACHE_DATE) && (timeFormat.equals("%H:%M:%S") || timeFormat.equals("%T"));
		boolean date = false;
		boolean clock = false;
		boolean skipSpaces = false;
		int i = 0;
		while (i < format.length()) {
			char c = format.charAt(i);
			if (c == '\\' && i + 1 < format.length() && format.charAt(i + 1) == 't') {
				fields.literal('\t');
				i += 2;
				continue;
			}
			if (c == '~' && format.startsWith("~h{", i)) {
				int close = format.indexOf('}', i + 3);
				if (close < 0) {
					throw fields.error("~h{ without its }", i);
				}
				fields.field(spaces(Element.forwardedClient(format.substring(i + 3, close), "~h"), skipSpaces), "~h", i);
				skipSpaces = false;
				i = close + 1;
				continue;
			}
			if (c != '%') {
				if (skipSpaces) {
					throw fields.error("%~ must be followed by a specifier", i);
				}
				fields.literal(c);
				i++;
				continue;
			}
			if (i + 1 == format.length()) {
				throw fields.error("a % without a specifier", i);
			}
			if (clfTime && format.startsWith(CLF_TIME, i)) {
				fields.field(Element.field(Kind.TIME_LOCAL, null, CLF_TIME), CLF_TIME, i);
				date = true;
				clock = true;
				i += CLF_TIME.length();
				continue;
			}
			char specifier = format.charAt(i + 1);
			String name = "%" + specifier;
			if (specifier == '~') {
				skipSpaces = true;
				i += 2;
				continue;
			}
			Element element = switch (specifier) {
				case 'x' -> {
					date = true;
					clock = true;
					boolean epoch = List.of("%s", "%f", "%*").contains(dateFormat);
					yield time(epoch ? dateFormat : dateFormat + timeFormat, name, fields, i);
				}
				case 'd' -> {
					date = true;
					yield time(dateFormat, name, fields, i);
				}
				case 't' -> {
					clock = true;
					yield time(timeFormat, name, fields, i);
				}
				case 'v' -> Element.field(Kind.TEXT, LogField.VHOST, name);
				case 'e' -> Element.field(Kind.TEXT, LogField.USER, name);
				case 'C' -> Element.field(Kind.TEXT, LogField.CACHE_STATUS, name);
				case 'h' -> Element.field(Kind.TEXT, LogField.CLIENT, name);
				case 'r' -> Element.field(Kind.REQUEST, null, name);
				case 'q' -> Element.field(Kind.QUERY, null, name);
				case 'm' -> Element.field(Kind.TEXT, LogField.METHOD, name);
				case 'U' -> Element.field(Kind.REQUEST_URI, null, name);
				case 'H' -> Element.field(Kind.TEXT, LogField.PROTOCOL, name);
				case 's' -> Element.field(Kind.STATUS, null, name);
				case 'b' -> Element.field(Kind.BYTES, null, name);
				case 'R' -> Element.field(Kind.TEXT, LogField.REFERER, name);
				case 'u' -> Element.field(Kind.TEXT, LogField.USER_AGENT, name);
				case 'K' -> Element.field(Kind.TEXT, LogField.TLS_VERSION, name);
				case 'k' -> Element.field(Kind.TEXT, LogField.TLS_CIPHER, name);
				case 'M' -> Element.field(Kind.TEXT, LogField.CONTENT_TYPE, name);
				case 'D' -> Element.field(Kind.DURATION_MICROS, null, name);
				case 'T' -> Element.field(Kind.DURATION_SECONDS, null, name);
				case 'L' -> Element.field(Kind.DURATION_MILLIS, null, name);
				case 'n' -> Element.field(Kind.DURATION_NANOS, null, name);
				case '^' -> Element.field(Kind.OPAQUE, null, name);
				default -> throw fields.error(name + " is not a GoAccess specifier", i);
			};
			if (element.kind() == Kind.INSTANT) {
				date = true;
				clock = true;
			}
			fields.field(spaces(element, skipSpaces), name, i);
			skipSpaces = false;
			i += 2;
		}
		if (date != clock) {
			throw new IllegalArgumentException("logagg.format (--format) 'goaccess:" + format + "' has " + (date ? "%d without %t" : "%t without %d")
					+ ": a line's time needs both (or %x)");
		}
		List<Element> elements = firstDurationOnly(fields.elements());
		FormatParser parser = new FormatParser(elements, true, header);
		return (preset != null) ? parser : FormatSpec.check("goaccess:" + format, parser);
	}

	private static Element spaces(Element element, boolean skipSpaces) {
		return skipSpaces ? element.skippingSpaces() : element;
	}

	private static Element time(String pattern, String name, FormatSpec.Fields fields, int at) {
		TimePattern compiled;
		try {
			compiled = TimePattern.compile(pattern);
		}
		catch (IllegalArgumentException ex) {
			throw fields.error(name + ": " + ex.getMessage() + " (logagg.goaccess.date-format, logagg.goaccess.time-format)", at);
		}
		Kind kind = switch (compiled.yields()) {
			case DATE -> Kind.DATE;
			case CLOCK -> Kind.CLOCK;
			case INSTANT -> Kind.INSTANT;
		};
		// A timestamp as the date (or the time) of %d and %t: the date alone is the whole time.
		if (kind == Kind.INSTANT && name.equals("%t")) {
			kind = Kind.OPAQUE;
		}
		return Element.time(kind, compiled, name);
	}

	/** The first duration of the format counts, as GoAccess has it; the others are read and not kept. */
	private static List<Element> firstDurationOnly(List<Element> elements) {
		boolean seen = false;
		java.util.ArrayList<Element> kept = new java.util.ArrayList<>();
		for (Element element : elements) {
			boolean duration = element.kind() != null && element.kind().fields.contains(LogField.DURATION);
			if (duration && seen) {
				kept.add(Element.field(Kind.OPAQUE, null, element.name()));
				continue;
			}
			seen |= duration;
			kept.add(element);
		}
		return kept;
	}

}

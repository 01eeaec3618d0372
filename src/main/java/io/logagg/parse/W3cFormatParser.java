package io.logagg.parse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.logagg.parse.FormatParser.Element;
import io.logagg.parse.FormatParser.Kind;

/**
 * The W3C extended log format (IIS, CloudFront and others): the fields of a line are named by
 * the last {@code #Fields:} directive of its file, which may change within the file (IIS writes
 * a new header when it restarts). Until a file's first {@code #Fields:} its lines are read with
 * the writer's default fields. The other directives ({@code #Version}, {@code #Date},
 * {@code #Software}) are passed over. Not thread-safe: one per reader.
 */
public final class W3cFormatParser implements LineParser {

	/** IIS's default fields (and GoAccess's W3C preset). */
	static final String IIS_FIELDS = "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) "
			+ "cs(Referer) sc-status sc-substatus sc-win32-status time-taken";

	/** CloudFront's standard log fields, as AWS documents them. */
	static final String CLOUDFRONT_FIELDS = "date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status "
			+ "cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol "
			+ "cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version "
			+ "fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len "
			+ "sc-range-start sc-range-end";

	private static final byte[] FIELDS = "#Fields:".getBytes(StandardCharsets.US_ASCII);

	/** What a W3C header can name, whichever it names. */
	private static final Set<LogField> ALL = Collections.unmodifiableSet(EnumSet.of(LogField.TIME, LogField.STATUS, LogField.CLIENT,
			LogField.USER, LogField.METHOD, LogField.PATH, LogField.QUERY, LogField.PROTOCOL, LogField.BYTES, LogField.REFERER,
			LogField.USER_AGENT, LogField.VHOST, LogField.DURATION, LogField.CACHE_STATUS, LogField.CONTENT_TYPE,
			LogField.TLS_VERSION, LogField.TLS_CIPHER));

	private static final TimePattern DATE = TimePattern.compile("%Y-%m-%d");

	private static final TimePattern CLOCK = TimePattern.compile("%H:%M:%S");

	private final String separator;

	private final Kind timeTaken;

	private final FormatParser defaults;

	private FormatParser current;

	private String currentFields;

	private W3cFormatParser(String separator, Kind timeTaken, String defaultFields) {
		this.separator = separator;
		this.timeTaken = timeTaken;
		this.defaults = compile(defaultFields);
		this.current = this.defaults;
		this.currentFields = defaultFields;
	}

	/** IIS and other W3C writers: fields separated by a space, {@code time-taken} in milliseconds. */
	public static W3cFormatParser w3c() {
		return new W3cFormatParser(" ", Kind.DURATION_MILLIS, IIS_FIELDS);
	}

	/** CloudFront's standard logs: fields separated by a tab, {@code time-taken} in seconds. */
	public static W3cFormatParser cloudFront() {
		return new W3cFormatParser("\t", Kind.DURATION_SECONDS, CLOUDFRONT_FIELDS);
	}

	private FormatParser compile(String fields) {
		String[] names = fields.strip().split("\\s+");
		boolean hostHeader = List.of(names).stream().anyMatch(name -> name.equalsIgnoreCase("x-host-header"));
		List<Element> elements = new ArrayList<>();
		for (int i = 0; i < names.length; i++) {
			if (i > 0) {
				elements.add(Element.literal(this.separator));
			}
			elements.add(field(names[i], hostHeader));
		}
		return new FormatParser(elements);
	}

	private Element field(String name, boolean hostHeader) {
		return switch (name.toLowerCase(Locale.ROOT)) {
			case "date" -> Element.time(Kind.DATE, DATE, name);
			case "time" -> Element.time(Kind.CLOCK, CLOCK, name);
			case "c-ip" -> Element.field(Kind.TEXT, LogField.CLIENT, name);
			case "cs-username" -> Element.field(Kind.TEXT, LogField.USER, name);
			case "cs-method" -> Element.field(Kind.TEXT, LogField.METHOD, name);
			case "cs-uri-stem", "cs-uri" -> Element.field(Kind.REQUEST_URI, null, name);
			case "cs-uri-query" -> Element.field(Kind.QUERY, null, name);
			case "sc-status" -> Element.field(Kind.STATUS, null, name);
			case "sc-bytes" -> Element.field(Kind.BYTES, null, name);
			case "cs(user-agent)" -> Element.field(Kind.TEXT, LogField.USER_AGENT, name);
			case "cs(referer)", "cs(referrer)" -> Element.field(Kind.TEXT, LogField.REFERER, name);
			// CloudFront's cs(Host) is the distribution's domain; x-host-header, the one the viewer asked for.
			case "x-host-header" -> Element.field(Kind.TEXT, LogField.VHOST, name);
			case "cs-host", "cs(host)" -> hostHeader ? Element.field(Kind.OPAQUE, null, name) : Element.field(Kind.TEXT, LogField.VHOST, name);
			case "time-taken" -> Element.field(this.timeTaken, null, name);
			case "cs-version", "cs-protocol-version" -> Element.field(Kind.TEXT, LogField.PROTOCOL, name);
			case "x-edge-result-type" -> Element.field(Kind.TEXT, LogField.CACHE_STATUS, name);
			case "sc-content-type" -> Element.field(Kind.TEXT, LogField.CONTENT_TYPE, name);
			case "ssl-protocol" -> Element.field(Kind.TEXT, LogField.TLS_VERSION, name);
			case "ssl-cipher" -> Element.field(Kind.TEXT, LogField.TLS_CIPHER, name);
			default -> Element.field(Kind.OPAQUE, null, name);
		};
	}

	@Override
	public boolean parse(byte[] line, int from, int to, ParsedLine into) {
		return (to == from || line[from] != '#') && this.current.parse(line, from, to, into);
	}

	@Override
	public boolean directive(byte[] line, int from, int to) {
		if (to == from || line[from] != '#') {
			return false;
		}
		if (to - from > FIELDS.length && ByteSearch.regionEquals(line, from, FIELDS)) {
			String fields = new String(line, from + FIELDS.length, to - from - FIELDS.length, StandardCharsets.UTF_8).strip();
			if (!fields.equals(this.currentFields) && !fields.isEmpty()) {
				this.current = compile(fields);
				this.currentFields = fields;
			}
		}
		return true;
	}

	@Override
	public boolean readsDirectives() {
		return true;
	}

	@Override
	public void startFile() {
		this.current = this.defaults;
		this.currentFields = null;
	}

	@Override
	public Set<LogField> fields() {
		return ALL;
	}

	@Override
	public String explain(byte[] line, int from, int to) {
		String why = this.current.explain(line, from, to);
		return (why == null || this.currentFields == null) ? why : why + " (reading the fields " + this.currentFields + ")";
	}

}

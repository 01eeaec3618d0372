package io.logagg.parse;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.logagg.parse.FormatParser.Element;
import io.logagg.parse.FormatParser.Kind;

/**
 * Turns a {@code --format} value into the parser of that format, checking it before anything is
 * read: a preset ({@code combined}, {@code common}, {@code vcombined}), {@code nginx:} and a
 * {@code log_format} string, or {@code apache:} and a {@code LogFormat} string, as they stand in
 * the server's configuration. A format that cannot be compiled is refused with what is wrong and
 * where.
 */
public final class FormatSpec {

	/** The default: Apache's and nginx's combined format, read by {@link CombinedLogParser}. */
	public static final String DEFAULT = "combined";

	/**
	 * Presets as server format strings. {@code vcommon}: GoAccess's VCOMMON (Apache's common
	 * with the virtual host and port first). {@code traefikclf}: Traefik's CLF access log (common
	 * and combined fields, then the requests served so far, the router, the server and the duration
	 * in milliseconds with its unit). {@code awselb}: AWS's Classic Load Balancer access log (its
	 * backend's processing time is the duration, as GoAccess's AWSELB takes it; the request names the
	 * whole URL). {@code awsalb}: AWS's Application Load Balancer access log, the same fields after its
	 * type, then its domain name as the virtual host; the fields AWS adds at the end over time are
	 * read and not kept.
	 */
	private static final Map<String, String> PRESETS = Map.of("common", "apache:%h %l %u %t \"%r\" %>s %b", "vcombined",
			"apache:%v:%p %h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"", "vcommon",
			"apache:%v:%p %h %l %u %t \"%r\" %>s %b", "traefikclf",
			"apache:%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\" %k \"%{router}n\" \"%{server}n\" %{ms}Tms",
			"awselb", "nginx:$time_iso8601 $elb $remote_addr:$remote_port $backend $request_processing_time $request_time "
					+ "$response_processing_time $status $backend_status_code $received_bytes $body_bytes_sent \"$request\" "
					+ "\"$http_user_agent\" $ssl_cipher $ssl_protocol",
			"awsalb", "nginx:$type $time_iso8601 $elb $remote_addr:$remote_port $target $request_processing_time $request_time "
					+ "$response_processing_time $status $target_status_code $received_bytes $body_bytes_sent \"$request\" "
					+ "\"$http_user_agent\" $ssl_cipher $ssl_protocol $target_group_arn \"$trace_id\" \"$host\" $later_fields");


	private FormatSpec() {
	}

	/**
	 * Presets that are GoAccess format strings, with their date and time formats: Google Cloud
	 * Storage's usage logs (CSV, times in microseconds, the header row passed over), Squid's native
	 * access log (the cache's result as the cache status) and Amazon S3's server access logs.
	 */
	private static final Map<String, String[]> GOACCESS_PRESETS = Map.of("cloudstorage",
			new String[] { "\"%x\",\"%h\",%^,%^,\"%m\",\"%U\",\"%s\",%^,\"%b\",\"%D\",%^,\"%R\",\"%u\"", "%f", "%f", "\"time_micros\"" },
			"squid", new String[] { "%x.%^ %~%L %h %C/%s %b %m %U %e %^ %M", "%s", "%s", null },
			"awss3", new String[] { "%^ %v [%d:%t %^] %h %^\"%r\" %s %^ %b %^ %L %^ \"%R\" \"%u\"", "%d/%b/%Y", "%H:%M:%S", null });

	/**
	 * A new parser of the format (parsers are not thread-safe: one per reader).
	 * @throws IllegalArgumentException naming what is wrong with the format, and where
	 */
	public static LineParser compile(String spec) {
		return compile(spec, Options.DEFAULTS);
	}

	/**
	 * As {@link #compile(String)}, with the keys of the {@code json} format.
	 * @throws IllegalArgumentException naming what is wrong with the format, and where
	 */
	public static LineParser compile(String spec, JsonKeys json) {
		return compile(spec, new Options(json, Options.DEFAULTS.goaccessDate(), Options.DEFAULTS.goaccessTime()));
	}

	/**
	 * What a format may need besides its name: the keys of {@code json}, the date and time formats
	 * of {@code goaccess:} strings.
	 *
	 * @param json the keys of the {@code json} format
	 * @param goaccessDate GoAccess's {@code --date-format} ({@code logagg.goaccess.date-format})
	 * @param goaccessTime GoAccess's {@code --time-format} ({@code logagg.goaccess.time-format})
	 */
	public record Options(JsonKeys json, String goaccessDate, String goaccessTime) {

		/** No JSON keys; GoAccess's own defaults, {@code %d/%b/%Y} and {@code %H:%M:%S}. */
		public static final Options DEFAULTS = new Options(JsonKeys.NONE, "%d/%b/%Y", "%H:%M:%S");

	}

	/**
	 * As {@link #compile(String)}, with the options a format may need.
	 * @throws IllegalArgumentException naming what is wrong with the format, and where
	 */
	public static LineParser compile(String spec, Options options) {
		JsonKeys json = options.json();
		String value = spec.strip();
		if (value.equals("caddy")) {
			return JsonFormatParser.caddy();
		}
		if (value.equals("traefik")) {
			return JsonFormatParser.traefik();
		}
		if (value.equals("json")) {
			if (!json.keys().containsKey(LogField.TIME) || !json.keys().containsKey(LogField.STATUS)) {
				throw new IllegalArgumentException("logagg.format (--format) json needs the keys of the time and the status "
						+ "at least: logagg.json.time and logagg.json.status (e.g. --logagg.json.time=ts)");
			}
			return JsonFormatParser.mapped(json.keys(), json.durationUnit());
		}
		if (value.equals(DEFAULT)) {
			return new CombinedLogParser();
		}
		if (PRESETS.containsKey(value)) {
			return compile(PRESETS.get(value));
		}
		if (value.equals("w3c")) {
			return W3cFormatParser.w3c();
		}
		if (value.equals("cloudfront")) {
			return W3cFormatParser.cloudFront();
		}
		if (GOACCESS_PRESETS.containsKey(value)) {
			String[] preset = GOACCESS_PRESETS.get(value);
			return GoAccessFormat.compile(preset[0], preset[1], preset[2], preset[3], value);
		}
		if (value.startsWith("goaccess:")) {
			return check(spec, GoAccessFormat.compile(value.substring("goaccess:".length()), options.goaccessDate(),
					options.goaccessTime(), null, null));
		}
		if (value.startsWith("nginx:")) {
			return check(spec, new FormatParser(nginx(value.substring("nginx:".length()))));
		}
		if (value.startsWith("apache:")) {
			return check(spec, new FormatParser(apache(value.substring("apache:".length()))));
		}
		throw new IllegalArgumentException("logagg.format (--format) '" + spec + "' is not a format: use combined, "
				+ "common, vcombined, vcommon, caddy, traefik, traefikclf, awselb, awsalb, awss3, w3c, cloudfront, cloudstorage, squid, "
				+ "json, nginx:<log_format>, apache:<LogFormat> or goaccess:<log-format>");
	}

	/**
	 * The keys of the {@code json} format: logagg's fields to dotted JSON keys, and the unit of the
	 * duration.
	 *
	 * @param keys field to key ({@code TIME -> ts}, {@code USER_AGENT -> request.headers.User-Agent})
	 * @param durationUnit how the duration is written
	 */
	public record JsonKeys(Map<LogField, String> keys, JsonFormatParser.Unit durationUnit) {

		/** No keys: the {@code json} format is then refused. */
		public static final JsonKeys NONE = new JsonKeys(Map.of(), JsonFormatParser.Unit.SECONDS);

		public JsonKeys {
			keys = Map.copyOf(keys);
		}

	}

	static FormatParser check(String spec, FormatParser parser) {
		if (!parser.fields().contains(LogField.TIME)) {
			throw new IllegalArgumentException("logagg.format (--format) '" + spec
					+ "' has no request time: nginx's $time_local, $time_iso8601 or $msec, Apache's %t");
		}
		if (!parser.fields().contains(LogField.STATUS)) {
			throw new IllegalArgumentException(
					"logagg.format (--format) '" + spec + "' has no status: nginx's $status, Apache's %s or %>s");
		}
		return parser;
	}

	/** nginx: {@code $name} or {@code ${name}} are variables, the rest is literal. */
	private static List<Element> nginx(String format) {
		Fields fields = new Fields(format, "nginx:");
		int i = 0;
		while (i < format.length()) {
			char c = format.charAt(i);
			if (c != '$') {
				fields.literal(c);
				i++;
				continue;
			}
			int start = i;
			boolean braced = i + 1 < format.length() && format.charAt(i + 1) == '{';
			int nameStart = braced ? i + 2 : i + 1;
			int end = nameStart;
			while (end < format.length() && (Character.isLetterOrDigit(format.charAt(end)) || format.charAt(end) == '_')) {
				end++;
			}
			if (end == nameStart || (braced && (end >= format.length() || format.charAt(end) != '}'))) {
				throw fields.error("a $ without a variable name", start);
			}
			String name = format.substring(nameStart, end);
			i = braced ? end + 1 : end;
			fields.field(nginxField(name, format), "$" + name, start);
		}
		return fields.elements();
	}

	private static Element nginxField(String name, String format) {
		return switch (name) {
			case "time_local" -> Element.field(Kind.TIME_LOCAL, null, "$time_local");
			case "time_iso8601" -> Element.field(Kind.TIME_ISO, null, "$time_iso8601");
			case "msec" -> Element.field(Kind.TIME_MSEC, null, "$msec");
			case "remote_addr" -> Element.field(Kind.TEXT, LogField.CLIENT, "$remote_addr");
			case "remote_user" -> Element.field(Kind.TEXT, LogField.USER, "$remote_user");
			case "request" -> Element.field(Kind.REQUEST, null, "$request");
			case "request_method" -> Element.field(Kind.TEXT, LogField.METHOD, "$request_method");
			case "request_uri" -> Element.field(Kind.REQUEST_URI, null, "$request_uri");
			case "uri" -> Element.field(Kind.TEXT, LogField.PATH, "$uri");
			case "args", "query_string" -> Element.field(Kind.QUERY, null, "$" + name);
			case "server_protocol" -> Element.field(Kind.TEXT, LogField.PROTOCOL, "$server_protocol");
			case "status" -> Element.field(Kind.STATUS, null, "$status");
			case "body_bytes_sent" -> Element.field(Kind.BYTES, null, "$body_bytes_sent");
			// $bytes_sent includes the headers; $body_bytes_sent, when the format has both, counts.
			case "bytes_sent" -> format.contains("$body_bytes_sent") ? Element.field(Kind.OPAQUE, null, "$bytes_sent")
					: Element.field(Kind.BYTES, null, "$bytes_sent");
			case "http_referer" -> Element.field(Kind.TEXT, LogField.REFERER, "$http_referer");
			case "http_user_agent" -> Element.field(Kind.TEXT, LogField.USER_AGENT, "$http_user_agent");
			case "host", "server_name" -> Element.field(Kind.TEXT, LogField.VHOST, "$" + name);
			case "request_time" -> Element.field(Kind.DURATION_SECONDS, null, "$request_time");
			case "sent_http_content_type" -> Element.field(Kind.TEXT, LogField.CONTENT_TYPE, "$" + name);
			case "upstream_cache_status" -> Element.field(Kind.TEXT, LogField.CACHE_STATUS, "$" + name);
			case "ssl_protocol" -> Element.field(Kind.TEXT, LogField.TLS_VERSION, "$" + name);
			case "ssl_cipher" -> Element.field(Kind.TEXT, LogField.TLS_CIPHER, "$" + name);
			// The request's own time, when the format has it, rather than its upstream part.
			case "upstream_response_time" -> format.contains("$request_time")
					? Element.field(Kind.OPAQUE, null, "$upstream_response_time")
					: Element.field(Kind.DURATION_UPSTREAM, null, "$upstream_response_time");
			default -> Element.field(Kind.OPAQUE, null, "$" + name);
		};
	}

	/** Apache: {@code %[<>][!]codes{arg}X} directives, {@code %%} a percent sign, the rest literal. */
	private static List<Element> apache(String format) {
		Fields fields = new Fields(format, "apache:");
		Set<LogField> durationSeen = EnumSet.noneOf(LogField.class);
		int i = 0;
		while (i < format.length()) {
			char c = format.charAt(i);
			if (c != '%') {
				fields.literal(c);
				i++;
				continue;
			}
			int start = i++;
			if (i < format.length() && format.charAt(i) == '%') {
				fields.literal('%');
				i++;
				continue;
			}
			while (i < format.length() && "<>!,0123456789".indexOf(format.charAt(i)) >= 0) {
				i++;
			}
			String argument = null;
			if (i < format.length() && format.charAt(i) == '{') {
				int close = format.indexOf('}', i);
				if (close < 0) {
					throw fields.error("a %{ without its }", start);
				}
				argument = format.substring(i + 1, close);
				i = close + 1;
			}
			if (i >= format.length() || !Character.isLetter(format.charAt(i))) {
				throw fields.error("a % without a directive letter", start);
			}
			char directive = format.charAt(i++);
			String name = format.substring(start, i);
			Element field = apacheField(directive, argument, name, format);
			if (field.kind().fields.contains(LogField.DURATION)) {
				// The first duration in the format counts, as GoAccess has it.
				field = durationSeen.add(LogField.DURATION) ? field : Element.field(Kind.OPAQUE, null, name);
			}
			fields.field(field, name, start);
		}
		return fields.elements();
	}

	private static Element apacheField(char directive, String argument, String name, String format) {
		return switch (directive) {
			case 'h', 'a' -> Element.field(Kind.TEXT, LogField.CLIENT, name);
			case 'u' -> Element.field(Kind.TEXT, LogField.USER, name);
			case 't' -> {
				if (argument != null) {
					throw new IllegalArgumentException("logagg.format (--format) 'apache:" + format + "': " + name
							+ " (a time in a format of its own) is not supported; use %t");
				}
				yield Element.field(Kind.TIME_APACHE, null, name);
			}
			case 'r' -> Element.field(Kind.REQUEST, null, name);
			case 'm' -> Element.field(Kind.TEXT, LogField.METHOD, name);
			case 'U' -> Element.field(Kind.TEXT, LogField.PATH, name);
			case 'q' -> Element.field(Kind.QUERY, null, name);
			case 'H' -> Element.field(Kind.TEXT, LogField.PROTOCOL, name);
			case 's' -> Element.field(Kind.STATUS, null, name);
			case 'b', 'B' -> Element.field(Kind.BYTES, null, name);
			// %O counts the headers too; %b or %B, when the format has one, counts.
			case 'O' -> (format.contains("%b") || format.contains("%B")) ? Element.field(Kind.OPAQUE, null, name)
					: Element.field(Kind.BYTES, null, name);
			case 'i' -> header(argument, name);
			case 'o' -> responseHeader(argument, name);
			case 'x', 'e' -> variable(argument, name);
			case 'v', 'V' -> Element.field(Kind.TEXT, LogField.VHOST, name);
			case 'D' -> Element.field(Kind.DURATION_MICROS, null, name);
			case 'T' -> switch ((argument == null) ? "s" : argument.toLowerCase(Locale.ROOT)) {
				case "ms" -> Element.field(Kind.DURATION_MILLIS, null, name);
				case "us" -> Element.field(Kind.DURATION_MICROS, null, name);
				default -> Element.field(Kind.DURATION_SECONDS, null, name);
			};
			default -> Element.field(Kind.OPAQUE, null, name);
		};
	}

	private static Element header(String header, String name) {
		if (header == null) {
			return Element.field(Kind.OPAQUE, null, name);
		}
		return switch (header.toLowerCase(Locale.ROOT)) {
			case "referer" -> Element.field(Kind.TEXT, LogField.REFERER, name);
			case "user-agent" -> Element.field(Kind.TEXT, LogField.USER_AGENT, name);
			case "host" -> Element.field(Kind.TEXT, LogField.VHOST, name);
			default -> Element.field(Kind.OPAQUE, null, name);
		};
	}

	/** {@code %{Content-Type}o}, {@code %{X-Cache}o} and {@code %{Cache-Status}o}. */
	private static Element responseHeader(String header, String name) {
		return switch ((header == null) ? "" : header.toLowerCase(Locale.ROOT)) {
			case "content-type" -> Element.field(Kind.TEXT, LogField.CONTENT_TYPE, name);
			case "x-cache", "x-cache-status", "cache-status" -> Element.field(Kind.TEXT, LogField.CACHE_STATUS, name);
			default -> Element.field(Kind.OPAQUE, null, name);
		};
	}

	/** mod_ssl's {@code %{SSL_PROTOCOL}x} and {@code %{SSL_CIPHER}x}, mod_cache's {@code %{cache-status}e}. */
	private static Element variable(String variable, String name) {
		return switch ((variable == null) ? "" : variable.toUpperCase(Locale.ROOT)) {
			case "SSL_PROTOCOL" -> Element.field(Kind.TEXT, LogField.TLS_VERSION, name);
			case "SSL_CIPHER" -> Element.field(Kind.TEXT, LogField.TLS_CIPHER, name);
			case "CACHE-STATUS" -> Element.field(Kind.TEXT, LogField.CACHE_STATUS, name);
			default -> Element.field(Kind.OPAQUE, null, name);
		};
	}

	/** Collects the elements of a format: literals merged, fields checked to be separable. */
	static final class Fields {

		private final String format;

		private final String prefix;

		private final List<Element> elements = new ArrayList<>();

		private final StringBuilder literal = new StringBuilder();

		private Element lastField;

		private boolean afterLiteral = true;

		Fields(String format, String prefix) {
			this.format = format;
			this.prefix = prefix;
		}

		void literal(char c) {
			this.literal.append(c);
		}

		void field(Element field, String name, int at) {
			boolean quoted = flush();
			if (!this.afterLiteral && this.lastField != null && this.lastField.kind() != Kind.TIME_LOCAL
					&& this.lastField.kind() != Kind.TIME_APACHE) {
				throw error(this.lastField.name() + " and " + name
						+ " have nothing between them, so logagg cannot tell where one ends", at);
			}
			Element element = quoted ? field.asQuoted() : field;
			this.elements.add(element);
			this.lastField = element;
			this.afterLiteral = false;
		}

		/** Ends a literal; true if it ends with a quote, so that the field after it is quoted. */
		private boolean flush() {
			if (this.literal.isEmpty()) {
				return false;
			}
			String text = this.literal.toString();
			this.elements.add(Element.literal(text));
			this.literal.setLength(0);
			this.afterLiteral = true;
			return text.endsWith("\"");
		}

		List<Element> elements() {
			flush();
			if (this.elements.isEmpty()) {
				throw new IllegalArgumentException("logagg.format (--format) is empty");
			}
			return this.elements;
		}

		IllegalArgumentException error(String what, int at) {
			return new IllegalArgumentException("logagg.format (--format): " + what + " at character "
					+ (at + 1 + this.prefix.length()) + " of '" + this.prefix + this.format + "'");
		}

	}

}

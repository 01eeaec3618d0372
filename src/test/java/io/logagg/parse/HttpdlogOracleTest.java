package io.logagg.parse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import nl.basjes.parse.core.Parser;
import nl.basjes.parse.core.exceptions.DissectionFailure;
import nl.basjes.parse.httpdlog.HttpdLoglineParser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * logagg's compiled formats against an independent reading: Niels Basjes' httpdlog-parser, which
 * takes the same Apache and nginx format strings. Both read every generated line (random escapes,
 * {@code -} for missing fields, IPv6 clients, odd spacing inside quoted fields) and the real corpus,
 * and must agree on every field logagg keeps.
 */
class HttpdlogOracleTest {

	static final String APACHE = "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\" %D %v";

	static final String NGINX = "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
			+ "\"$http_referer\" \"$http_user_agent\" $request_time $host";

	static final String APACHE_COMBINED = "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"";

	/** The oracle's names for logagg's fields; a duration is read in the unit the format writes. */
	private static final Map<String, String> ORACLE_FIELDS = Map.ofEntries(
			Map.entry("client", "IP:connection.client.host"),
			Map.entry("user", "STRING:connection.client.user"),
			Map.entry("epochMillis", "TIME.EPOCH:request.receive.time.epoch"),
			Map.entry("method", "HTTP.METHOD:request.firstline.method"),
			Map.entry("uri", "HTTP.URI:request.firstline.uri"),
			Map.entry("protocol", "HTTP.PROTOCOL_VERSION:request.firstline.protocol"),
			Map.entry("status", "STRING:request.status.last"),
			Map.entry("bytes", "BYTESCLF:response.body.bytes"),
			Map.entry("referer", "HTTP.URI:request.referer"),
			Map.entry("agent", "HTTP.USERAGENT:request.user-agent"));

	/** logagg's field behind each name compared. */
	private static final Map<String, LogField> FIELDS = Map.ofEntries(Map.entry("client", LogField.CLIENT),
			Map.entry("user", LogField.USER), Map.entry("minute", LogField.TIME), Map.entry("method", LogField.METHOD),
			Map.entry("uri", LogField.PATH), Map.entry("protocol", LogField.PROTOCOL), Map.entry("status", LogField.STATUS),
			Map.entry("bytes", LogField.BYTES), Map.entry("referer", LogField.REFERER), Map.entry("agent", LogField.USER_AGENT),
			Map.entry("durationMicros", LogField.DURATION), Map.entry("vhost", LogField.VHOST));

	private static final List<String> ORACLE_NAMES = List.of("client", "user", "minute", "method", "uri", "protocol", "status",
			"bytes", "referer", "agent", "durationMicros", "vhost");

	/** What the oracle read from a line, by logagg's names; filled through {@link #set}. */
	public static final class OracleRecord {

		final Map<String, String> fields = new LinkedHashMap<>();

		public void set(String name, String value) {
			this.fields.put(name, value);
		}

	}

	@Test
	void theApacheFormatAgreesWithTheOracleOnGeneratedLines() throws Exception {
		Oracle oracle = oracle(APACHE, "MICROSECONDS:response.server.processing.time", "STRING:connection.server.name.canonical");
		List<String> lines = new LineWriter(new Random(16), Server.APACHE).lines(3000);
		assertAgreement("apache:" + APACHE, oracle, lines, Server.APACHE, true);
	}

	@Test
	void theNginxFormatAgreesWithTheOracleOnGeneratedLines() throws Exception {
		Oracle oracle = oracle(NGINX, "MICROSECONDS:response.server.processing.time", "STRING:connection.server.name");
		List<String> lines = new LineWriter(new Random(17), Server.NGINX).lines(3000);
		assertAgreement("nginx:" + NGINX, oracle, lines, Server.NGINX, true);
	}

	@Test
	void theCombinedPresetAndItsApacheStringAgreeWithTheOracleOnTheRealCorpus() throws Exception {
		List<String> corpus = Files.readAllLines(Path.of("src/test/resources/corpus/apache_logs"), StandardCharsets.ISO_8859_1);
		Oracle oracle = oracle(APACHE_COMBINED, null, null);
		Agreement preset = assertAgreement("combined", oracle, corpus, Server.APACHE, false);
		assertThat(preset.both()).as("corpus lines both read").isGreaterThan(9_900);
		// The preset keeps its leniency of old: a line is counted once its status and size are read.
		assertThat(preset.onlyLogagg()).allMatch(line -> !line.endsWith("\"")).hasSizeLessThan(5);
		Agreement string = assertAgreement("apache:" + APACHE_COMBINED, oracle, corpus, Server.APACHE, false);
		assertThat(string.both()).isEqualTo(preset.both());
		assertThat(string.onlyLogagg()).isEmpty();
	}

	@Test
	void theCombinedPresetAndItsApacheStringAgreeWithTheOracleOnGeneratedLines() throws Exception {
		Oracle oracle = oracle(APACHE_COMBINED, null, null);
		List<String> lines = new LineWriter(new Random(18), Server.APACHE).withoutExtras().lines(3000);
		assertAgreement("combined", oracle, lines, Server.APACHE, true);
		assertAgreement("apache:" + APACHE_COMBINED, oracle, lines, Server.APACHE, true);
	}

	/** The oracle's parser and, for each path it reports, logagg's name of the field. */
	private record Oracle(Parser<OracleRecord> parser, Map<String, String> names) {
	}

	private static Oracle oracle(String format, String duration, String vhost) throws NoSuchMethodException {
		Parser<OracleRecord> parser = new HttpdLoglineParser<>(OracleRecord.class, format);
		var setter = OracleRecord.class.getMethod("set", String.class, String.class);
		Map<String, String> fields = new LinkedHashMap<>(ORACLE_FIELDS);
		if (duration != null) {
			fields.put("durationMicros", duration);
			fields.put("vhost", vhost);
		}
		Map<String, String> names = new LinkedHashMap<>();
		fields.forEach((name, path) -> {
			parser.addParseTarget(setter, path);
			names.put(path, name);
		});
		return new Oracle(parser, names);
	}

	/** How many lines both parsers read, and the lines only logagg read. */
	private record Agreement(int both, List<String> onlyLogagg) {
	}

	/**
	 * Reads every line with both parsers and compares each field. With {@code allRead}, every line
	 * must be read by both; otherwise the lines only the oracle reads must be none.
	 */
	private static Agreement assertAgreement(String spec, Oracle oracle, List<String> lines, Server server, boolean allRead)
			throws Exception {
		LineParser logagg = FormatSpec.compile(spec);
		ParsedLine parsed = new ParsedLine();
		int both = 0;
		List<String> onlyLogagg = new ArrayList<>();
		List<String> disagreements = new ArrayList<>();
		for (String line : lines) {
			byte[] bytes = line.getBytes(StandardCharsets.ISO_8859_1);
			boolean ours = logagg.parse(bytes, 0, bytes.length, parsed);
			Map<String, String> theirs = oracleRead(oracle, line);
			if (!ours || theirs == null) {
				if (allRead || theirs != null) {
					disagreements.add("read by logagg " + ours + ", by the oracle " + (theirs != null) + ": " + line);
				}
				else if (ours) {
					onlyLogagg.add(line);
				}
				continue;
			}
			both++;
			Map<String, String> mine = logaggRead(parsed, server, logagg.fields());
			theirs.keySet().retainAll(mine.keySet());
			if (theirs.get("uri") != null) {
				// An empty query is no query to logagg; the preset keeps the path alone.
				theirs.put("uri", theirs.get("uri").replaceFirst(logagg.fields().contains(LogField.QUERY) ? "\\?$" : "\\?.*", ""));
			}
			if (!mine.equals(theirs)) {
				disagreements.add(line + "\n   logagg: " + mine + "\n   oracle: " + theirs);
			}
		}
		assertThat(disagreements).as(spec).isEmpty();
		return new Agreement(both, onlyLogagg);
	}

	private static Map<String, String> oracleRead(Oracle oracle, String line) {
		OracleRecord record;
		try {
			record = oracle.parser().parse(new OracleRecord(), line);
		}
		catch (DissectionFailure ex) {
			return null;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		Map<String, String> fields = new LinkedHashMap<>();
		record.fields.forEach((path, value) -> {
			String name = oracle.names().get(path);
			if (name.equals("epochMillis")) {
				fields.put("minute", value == null ? null : Long.toString(Long.parseLong(value) / 60_000));
			}
			else if (name.equals("bytes")) {
				fields.put(name, value == null ? "0" : value);
			}
			else if (value != null && value.isEmpty()) {
				fields.put(name, null);
			}
			else {
				fields.put(name, value);
			}
		});
		return fields;
	}

	/**
	 * logagg's reading of the fields its format yields, under the oracle's names and conventions:
	 * {@code -} and the empty string are absent.
	 */
	private static Map<String, String> logaggRead(ParsedLine line, Server server, Set<LogField> yielded) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (String name : ORACLE_NAMES) {
			if (!yielded.contains(FIELDS.get(name))) {
				continue;
			}
			String value = switch (name) {
				case "client" -> text(line, LogField.CLIENT);
				case "user" -> text(line, LogField.USER);
				case "minute" -> Long.toString(line.epochMinute());
				case "method" -> text(line, LogField.METHOD);
				case "uri" -> {
					String uri = line.has(LogField.QUERY) ? text(line, LogField.PATH) + "?" + text(line, LogField.QUERY) : text(line, LogField.PATH);
					yield server == Server.APACHE ? unescape(uri) : uri;
				}
				case "protocol" -> text(line, LogField.PROTOCOL);
				case "status" -> Integer.toString(line.status());
				case "bytes" -> Long.toString(line.size());
				case "referer" -> text(line, LogField.REFERER);
				case "agent" -> server == Server.APACHE ? unescape(text(line, LogField.USER_AGENT)) : text(line, LogField.USER_AGENT);
				case "durationMicros" -> Long.toString(line.durationMicros());
				case "vhost" -> text(line, LogField.VHOST);
				default -> throw new IllegalArgumentException(name);
			};
			fields.put(name, value);
		}
		return fields;
	}

	private static String text(ParsedLine line, LogField field) {
		if (!line.has(field)) {
			return null;
		}
		String raw = new String(line.bytes(), line.from(field), line.to(field) - line.from(field), StandardCharsets.ISO_8859_1);
		return raw.equals("-") ? null : raw;
	}

	/** Apache's escapes undone, as the oracle does in the request line and the User-Agent (not in the Referer). */
	private static String unescape(String value) {
		return value == null ? null : value.replace("\\\"", "\"").replace("\\\\", "\\");
	}

	enum Server {
		APACHE, NGINX
	}

	/** Access-log lines as each server writes them, with the oddities real traffic brings. */
	static final class LineWriter {

		private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

		private static final String[] METHODS = { "GET", "GET", "GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH" };

		private static final String[] PROTOCOLS = { "HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/3.0" };

		private static final int[] STATUSES = { 200, 200, 200, 201, 204, 206, 301, 302, 304, 400, 401, 403, 404, 404, 410, 499, 500, 502, 503 };

		private static final String[] ZONES = { "+0000", "+0100", "-0500", "+0530", "-1000", "+1400" };

		private static final String[] PATH_PARTS = { "api", "v1", "index.php", "a%20b", "caf%C3%A9", "x.css", "img", "..", "%2F",
				"search", "~user", "a+b", "semi;colon", "under_score", "dash-ed", "UPPER", "123" };

		private static final String[] AGENTS = { "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
				"curl/8.5.0", "Googlebot/2.1 (+http://www.google.com/bot.html)", "-", "", "agent  with   spaces", "tab\there",
				"Wget/1.21", "python-requests/2.31", "{\"json\":true}", "backslash \\ in it" };

		private final Random random;

		private final Server server;

		private boolean extras = true;

		LineWriter(Random random, Server server) {
			this.random = random;
			this.server = server;
		}

		/** Lines of the combined format alone (no duration, no virtual host). */
		LineWriter withoutExtras() {
			this.extras = false;
			return this;
		}

		List<String> lines(int count) {
			List<String> lines = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				lines.add(line());
			}
			return lines;
		}

		private String line() {
			StringBuilder line = new StringBuilder(200);
			line.append(client()).append(" - ").append(pick("-", "-", "alice", "bob.smith", "user@example.com")).append(' ');
			Instant when = Instant.ofEpochSecond(1_700_000_000L + this.random.nextInt(100_000_000));
			line.append('[').append(CLF.format(when.atOffset(ZoneOffset.of(pick(ZONES))))).append("] ");
			line.append('"').append(pick(METHODS)).append(' ').append(path()).append(' ').append(pick(PROTOCOLS)).append("\" ");
			int status = STATUSES[this.random.nextInt(STATUSES.length)];
			long bytes = this.random.nextInt(4) == 0 ? 0 : this.random.nextInt(5_000_000);
			line.append(status).append(' ').append(bytes == 0 && this.server == Server.APACHE ? "-" : Long.toString(bytes)).append(' ');
			line.append('"').append(escape(pick("-", "-", "https://www.example.com/", "http://search.example.org/q?x=\"y\"",
					"android-app://com.example"))).append("\" ");
			line.append('"').append(escape(pick(AGENTS))).append('"');
			if (this.extras) {
				long micros = this.random.nextInt(10) == 0 ? this.random.nextInt(60_000_000) : this.random.nextInt(200_000);
				line.append(' ').append(this.server == Server.APACHE ? Long.toString(micros)
						: String.format(Locale.ROOT, "%d.%03d", micros / 1_000_000, micros / 1000 % 1000));
				line.append(' ').append(pick("www.example.com", "shop.example.com", "localhost", "xn--caf-dma.example"));
			}
			return line.toString();
		}

		private String client() {
			return switch (this.random.nextInt(4)) {
				case 0 -> "2001:db8:" + Integer.toHexString(this.random.nextInt(65536)) + "::" + Integer.toHexString(this.random.nextInt(65536));
				case 1 -> "::1";
				default -> this.random.nextInt(256) + "." + this.random.nextInt(256) + "." + this.random.nextInt(256) + "."
						+ this.random.nextInt(256);
			};
		}

		private String path() {
			StringBuilder path = new StringBuilder();
			int parts = this.random.nextInt(4);
			for (int i = 0; i < parts; i++) {
				path.append('/').append(pick(PATH_PARTS));
			}
			if (path.isEmpty() || this.random.nextBoolean()) {
				path.append('/');
			}
			if (this.random.nextInt(3) == 0) {
				path.append('?').append(pick("q=1", "a=1&b=2", "x=%22quoted%22", "empty=", "utm_source=news&utm_medium=mail", ""));
			}
			if (this.random.nextInt(20) == 0) {
				path.append(this.server == Server.APACHE ? "\\\"" : "\\x22");
			}
			return path.toString();
		}

		/** A quoted header value as the server writes it: Apache escapes {@code "} and {@code \}, nginx as {@code \xHH}. */
		private String escape(String value) {
			if (this.server == Server.APACHE) {
				return value.replace("\\", "\\\\").replace("\"", "\\\"");
			}
			return value.replace("\\", "\\x5C").replace("\"", "\\x22").replace("\t", "\\x09");
		}

		private String pick(String... choices) {
			return choices[this.random.nextInt(choices.length)];
		}

	}

}

package io.logagg.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.logagg.aggregate.ChunkDelta;
import io.logagg.bench.AccessLogGenerator;
import io.logagg.bench.LineLayout;
import io.logagg.parse.AccessLogEntry;
import io.logagg.read.FilePosition;
import io.logagg.read.ReadLine;
import io.logagg.support.Await;
import io.logagg.support.CliRun;
import io.logagg.support.LogaggProcess;
import io.logagg.support.MaxMindDatabase;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The panels, visitors, latency, days and errors of a format with durations and virtual hosts,
 * against an independent reading of the same lines (a regular expression and plain maps here),
 * through {@code report --json}; the bound of a panel; the retention of time-bucketed keys.
 */
class PanelsTest {

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	/** nginx with durations and virtual hosts, then a content type, a cache status and TLS. */
	private static final String FORMAT = LineLayout.NGINX.format()
			+ " \"$sent_http_content_type\" $upstream_cache_status $ssl_protocol $ssl_cipher";

	private static final Pattern NGINX_LINE = Pattern.compile("(\\S+) - (\\S+) \\[([^\\]]+)\\] \"(\\S+) (\\S+) (\\S+)\" (\\d{3}) (\\d+) "
			+ "\"([^\"]*)\" \"([^\"]*)\" (\\d+)\\.(\\d{3}) (\\S+) \"([^\"]*)\" (\\S+) (\\S+) (\\S+)");

	/** Every panel, the timed ones (each row's mean duration) too, which are not among the defaults. */
	private static final String EVERY_PANEL = "--logagg.panel.names=" + String.join(",", io.logagg.config.LogaggProperties.Panel.KNOWN);

	private static final String[] CONTENT_TYPES = { "text/html; charset=utf-8", "application/json", "image/png", "-", "text/css" };

	private static final String[] CACHE = { "HIT", "MISS", "-", "EXPIRED", "HIT", "BYPASS" };

	private static final String[][] TLS = { { "TLSv1.3", "TLS_AES_128_GCM_SHA256" }, { "TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256" },
			{ "-", "-" }, { "TLSv1.3", "TLS_AES_256_GCM_SHA384" } };

	private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

	private static final List<String> STATIC = List.of("css", "js", "jpg", "png", "gif", "ico", "jpeg", "pdf", "csv", "mpeg", "mpg",
			"swf", "woff", "woff2", "xls", "xlsx", "doc", "docx", "ppt", "pptx", "txt", "zip", "ogg", "mp3", "mp4", "exe", "iso", "gz",
			"rar", "svg", "bmp", "tar", "tgz", "tiff", "tif", "ttf", "flv", "dmg", "xz", "zst");

	@TempDir
	static Path input;

	static List<String> lines = new ArrayList<>();

	@TempDir
	Path work;

	/** Three days of nginx lines with durations and three virtual hosts, 1 % malformed. */
	@BeforeAll
	static void generate() throws IOException {
		for (int day = 0; day < 3; day++) {
			AccessLogGenerator generator = new AccessLogGenerator(300 + day, ZonedDateTime.parse("2026-11-20T22:00:00Z").plusDays(day), 0.01);
			List<String> file = new ArrayList<>();
			for (int i = 0; i < 4000; i++) {
				int n = day * 4000 + i;
				String[] tls = TLS[n % TLS.length];
				file.add(LineLayout.NGINX.rewrite(generator.nextLine(), n) + " \"" + CONTENT_TYPES[n % CONTENT_TYPES.length] + "\" "
						+ CACHE[n % CACHE.length] + " " + tls[0] + " " + tls[1]);
			}
			Files.write(input.resolve("access-" + day + ".log"), file, StandardCharsets.ISO_8859_1);
			lines.addAll(file);
		}
	}

	private CliRun run(String source, String... extra) {
		List<String> args = new ArrayList<>(List.of("run", "--input", input.toString(), "--pattern", "access-*.log", "--source", source,
				"--redis-url", redis.url(), "--data-dir", this.work.resolve("data").toString(), "--logagg.snapshot.mode=none", "--format",
				FORMAT, EVERY_PANEL));
		args.addAll(List.of(extra));
		return CliRun.of(args.toArray(String[]::new));
	}

	private JsonNode report(String source, String... extra) {
		return report(this.work.resolve("data"), source, extra);
	}

	private static JsonNode report(Path dataDir, String source, String... extra) {
		List<String> args = new ArrayList<>(List.of("report", "--json", "--top", "1000000", "--source", source, "--redis-url", redis.url(),
				"--data-dir", dataDir.toString()));
		args.addAll(List.of(extra));
		CliRun report = CliRun.of(args.toArray(String[]::new));
		assertThat(report.code()).as(report.toString()).isZero();
		return JsonMapper.builder().build().readTree(report.out());
	}

	/**
	 * Every panel of the report, row by row, and the durations counted per day and in all, against
	 * the requests read independently.
	 */
	private static void assertPanels(JsonNode report, List<Request> requests) {
		assertThat(report.path("latency").path("count").asLong()).as("durations").isEqualTo(requests.size());
		Map<String, Long> perDay = new TreeMap<>();
		requests.forEach(request -> perDay.merge(request.day(), 1L, Long::sum));
		Map<String, Long> reportedPerDay = new TreeMap<>();
		report.get("days").forEach(day -> reportedPerDay.put(day.get("day").asString(), day.path("latency").path("count").asLong()));
		assertThat(reportedPerDay).as("durations per day").isEqualTo(perDay);
		// The all-time paths (every one: --top 1000000), folded or still pending.
		Map<String, Long> paths = new TreeMap<>();
		requests.forEach(request -> paths.merge(request.path(), 1L, Long::sum));
		Map<String, Long> topPaths = new TreeMap<>();
		report.get("topPaths").forEach(row -> topPaths.put(row.get("path").asString(), row.get("count").asLong()));
		assertThat(topPaths).as("topPaths").isEqualTo(paths);
		Map<String, Function<Request, String>> panels = new TreeMap<>();
		panels.put("paths", Request::path);
		panels.put("static", r -> (r.status() != 404 && isStatic(r.path())) ? r.path() : null);
		panels.put("notFound", r -> (r.status() == 404) ? r.path() : null);
		panels.put("hosts", Request::client);
		panels.put("vhosts", Request::vhost);
		panels.put("methods", Request::method);
		panels.put("protocols", Request::protocol);
		panels.put("referringSites", r -> r.referer().equals("-") ? null : site(r.referer()));
		panels.put("referrers", r -> r.referer().equals("-") ? null : r.referer());
		panels.put("agents", Request::agent);
		panels.put("hours", r -> String.format("%02d", r.time().withZoneSameInstant(ZoneOffset.UTC).getHour()));
		panels.put("remoteUser", r -> given(r.user()));
		panels.put("cacheStatus", r -> given(r.cacheStatus()));
		panels.put("mimeTypes", r -> given(r.contentType().replaceAll(";.*", "")));
		panels.put("tls", r -> (given(r.tlsVersion()) == null) ? null : r.tlsVersion() + " " + r.tlsCipher());
		panels.put("crawlers", r -> r.agent().startsWith("Googlebot/") ? "Googlebot"
				: r.agent().toLowerCase(Locale.ROOT).contains("bot") ? "(unexpected) " + r.agent() : null);
		Set<String> withBytes = Set.of("paths", "static", "notFound", "hosts", "vhosts", "remoteUser", "cacheStatus", "mimeTypes");
		panels.forEach((panel, member) -> {
			Map<String, List<Long>> expected = expectedPanel(requests, member);
			if (!withBytes.contains(panel)) {
				expected.replaceAll((value, sums) -> List.of(sums.get(0), -1L));
			}
			assertThat(reportedPanel(report, panel)).as(panel).isEqualTo(expected);
		});
		// Each row's mean duration, where the format times requests: what is served and to whom.
		for (String panel : List.of("paths", "static", "notFound", "hosts", "vhosts")) {
			Map<String, List<Long>> sums = new TreeMap<>();
			for (Request request : requests) {
				String value = panels.get(panel).apply(request);
				if (value != null) {
					List<Long> sum = sums.computeIfAbsent(value, v -> new ArrayList<>(List.of(0L, 0L)));
					sum.set(0, sum.get(0) + 1);
					sum.set(1, sum.get(1) + request.micros());
				}
			}
			Map<String, Double> expected = new TreeMap<>();
			sums.forEach((value, sum) -> expected.put(value, sum.get(1) / 1000.0 / sum.get(0)));
			Map<String, Double> reported = new TreeMap<>();
			report.get("panels").get(panel).forEach(row -> reported.put(row.get("value").asString(), row.get("mean").asDouble()));
			assertThat(reported).as(panel + " means").isEqualTo(expected);
			// And its p95, within the 5 % of the buckets it is kept in: the duration of rank 0.95 (n - 1).
			Map<String, List<Long>> durations = new TreeMap<>();
			for (Request request : requests) {
				String value = panels.get(panel).apply(request);
				if (value != null) {
					durations.computeIfAbsent(value, v -> new ArrayList<>()).add(request.micros());
				}
			}
			report.get("panels").get(panel).forEach(row -> {
				List<Long> sorted = durations.get(row.get("value").asString()).stream().sorted().toList();
				double p95 = sorted.get((int) Math.floor(0.95 * (sorted.size() - 1))) / 1000.0;
				assertThat(row.get("p95").asDouble()).as(panel + " p95 of " + row.get("value")).isCloseTo(p95, within(0.05 * p95 + 0.001));
			});
		}
		assertThat(report.get("panels").has("pathsTime")).as("no panel of its own").isFalse();
		assertThat(report.get("panels").get("browsers")).isNotEmpty();
		assertThat(report.get("panels").get("os")).isNotEmpty();

		Map<String, Long> slowCounts = new TreeMap<>();
		requests.forEach(r -> slowCounts.merge(r.path(), 1L, Long::sum));
		slowCounts.values().removeIf(count -> count < 10);
		Map<String, Long> reportedSlow = new TreeMap<>();
		report.get("panels").path("slowPaths").forEach(row -> reportedSlow.put(row.get("value").asString(), row.get("count").asLong()));
		assertThat(reportedSlow).as("slowPaths").isEqualTo(slowCounts);
	}

	/** What the test reads from a line itself. */
	record Request(String client, ZonedDateTime time, String method, String path, String protocol, int status, long bytes,
			String referer, String agent, long micros, String vhost, String user, String contentType, String cacheStatus,
			String tlsVersion, String tlsCipher) {

		String day() {
			return this.time.withZoneSameInstant(ZoneOffset.UTC).toLocalDate().toString();
		}

		String minute() {
			return this.time.withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime().toString().substring(0, 16);
		}

	}

	private static List<Request> requests() {
		return requests(lines);
	}

	private static List<Request> requests(List<String> lines) {
		List<Request> requests = new ArrayList<>();
		for (String line : lines) {
			Matcher m = NGINX_LINE.matcher(line);
			if (m.matches()) {
				String uri = m.group(5);
				int query = uri.indexOf('?');
				requests.add(new Request(m.group(1), ZonedDateTime.parse(m.group(3), CLF), m.group(4),
						(query < 0) ? uri : uri.substring(0, query), m.group(6), Integer.parseInt(m.group(7)), Long.parseLong(m.group(8)),
						m.group(9), m.group(10), Long.parseLong(m.group(11)) * 1_000_000 + Long.parseLong(m.group(12)) * 1000, m.group(13),
						m.group(2), m.group(14), m.group(15), m.group(16), m.group(17)));
			}
		}
		return requests;
	}

	/** Requests and bytes per member, as the report's rows say them. */
	private static Map<String, List<Long>> expectedPanel(List<Request> requests, Function<Request, String> member) {
		Map<String, List<Long>> rows = new TreeMap<>();
		for (Request request : requests) {
			String value = member.apply(request);
			if (value != null) {
				List<Long> sums = rows.computeIfAbsent(value, v -> new ArrayList<>(List.of(0L, 0L)));
				sums.set(0, sums.get(0) + 1);
				sums.set(1, sums.get(1) + request.bytes());
			}
		}
		return rows;
	}

	private static Map<String, List<Long>> reportedPanel(JsonNode report, String panel) {
		Map<String, List<Long>> rows = new TreeMap<>();
		JsonNode node = report.get("panels").get(panel);
		if (node != null) {
			// A panel without bytes (agents, referrers...) is compared on its requests.
			node.forEach(row -> rows.put(row.get("value").asString(), List.of(row.get("count").asLong(),
					row.has("bytes") ? row.get("bytes").asLong() : -1)));
		}
		return rows;
	}

	/** A value the server had, not {@code -}. */
	private static String given(String value) {
		return value.equals("-") ? null : value;
	}

	private static String site(String referer) {
		Matcher m = Pattern.compile("^[^/?]*://([^/:?#]+).*").matcher(referer);
		return m.matches() ? m.group(1) : null;
	}

	private static boolean isStatic(String path) {
		int dot = path.lastIndexOf('.');
		return dot > path.lastIndexOf('/') && STATIC.contains(path.substring(dot + 1).toLowerCase(Locale.ROOT));
	}

	@Test
	void everyPanelDayAndErrorCountMatchesAnIndependentReadingAndVisitorsAndLatencyAreWithinTheirErrors() {
		CliRun run = run("panels");
		assertThat(run.code()).as(run.toString()).isZero();
		JsonNode report = report("panels");
		List<Request> requests = requests();
		assertThat(requests).hasSizeGreaterThan(11_800);
		assertPanels(report, requests);

		Map<String, List<Long>> days = expectedPanel(requests, Request::day);
		assertThat(days).hasSize(3);
		Map<String, List<Long>> reportedDays = new TreeMap<>();
		report.get("days").forEach(day -> reportedDays.put(day.get("day").asString(), List.of(day.get("lines").asLong(), day.get("bytes").asLong())));
		assertThat(reportedDays).isEqualTo(days);

		Map<String, Set<String>> visitors = new HashMap<>();
		Set<String> allVisitors = new HashSet<>();
		for (Request request : requests) {
			if (request.status() / 100 != 4) {
				visitors.computeIfAbsent(request.day(), d -> new HashSet<>()).add(request.client() + "|" + request.agent());
				allVisitors.add(request.day() + "|" + request.client() + "|" + request.agent());
			}
		}
		report.get("days").forEach(day -> assertThat((double) day.get("visitors").asLong()).as(day.get("day").asString())
			.isCloseTo(visitors.get(day.get("day").asString()).size(), within(0.03 * visitors.get(day.get("day").asString()).size())));
		assertThat((double) report.get("visitors").asLong()).isCloseTo(allVisitors.size(), within(0.03 * allVisitors.size()));

		long[] micros = requests.stream().mapToLong(Request::micros).sorted().toArray();
		JsonNode latency = report.get("latency");
		assertThat(latency.get("count").asLong()).isEqualTo(micros.length);
		for (String percentile : List.of("p50", "p90", "p95", "p99")) {
			double q = Integer.parseInt(percentile.substring(1)) / 100.0;
			double exact = micros[(int) Math.floor(q * (micros.length - 1))] / 1000.0;
			assertThat(latency.get(percentile).asDouble()).as(percentile).isCloseTo(exact, within(0.02 * exact));
		}
		assertThat(latency.get("max").asDouble()).isCloseTo(micros[micros.length - 1] / 1000.0, within(0.02 * micros[micros.length - 1] / 1000.0));

		// slowPaths: paths of 10 requests or more, by p95, each within 5 %.
		Map<String, List<Long>> durations = new TreeMap<>();
		requests.forEach(r -> durations.computeIfAbsent(r.path(), p -> new ArrayList<>()).add(r.micros()));
		Map<String, Double> exactP95 = new TreeMap<>();
		durations.forEach((path, list) -> {
			if (list.size() >= 10) {
				list.sort(null);
				exactP95.put(path, list.get((int) Math.floor(0.95 * (list.size() - 1))) / 1000.0);
			}
		});
		Map<String, Double> reportedP95 = new TreeMap<>();
		report.get("panels").get("slowPaths").forEach(row -> reportedP95.put(row.get("value").asString(), row.get("p95").asDouble()));
		assertThat(reportedP95.keySet()).isEqualTo(exactP95.keySet());
		exactP95.forEach((path, p95) -> assertThat(reportedP95.get(path)).as(path).isCloseTo(p95, within(0.05 * p95 + 0.001)));
		List<Double> order = new ArrayList<>();
		report.get("panels").get("slowPaths").forEach(row -> order.add(row.get("p95").asDouble()));
		assertThat(order).isSortedAccordingTo(Comparator.reverseOrder());

		Map<String, List<Long>> errors = new TreeMap<>();
		for (Request request : requests) {
			if (request.status() >= 400) {
				List<Long> pair = errors.computeIfAbsent(request.minute(), m -> new ArrayList<>(List.of(0L, 0L)));
				pair.set(request.status() / 100 - 4, pair.get(request.status() / 100 - 4) + 1);
			}
		}
		Map<String, List<Long>> reportedErrors = new TreeMap<>();
		report.get("errors").properties().forEach(e -> reportedErrors.put(e.getKey(), List.of(e.getValue().get("4xx").asLong(),
				e.getValue().get("5xx").asLong())));
		assertThat(reportedErrors).isEqualTo(errors);
		// The keys of before: still there.
		assertThat(report.get("topPaths")).isNotEmpty();
		assertThat(report.get("status")).isNotEmpty();
	}

	/**
	 * {@code logagg.geoip.database}: the report works out countries and autonomous systems from the
	 * stored hosts, with two databases the test writes in MaxMind's format; addresses neither holds
	 * are {@code Unknown}; a file that is no database is exit 2.
	 */
	@Test
	void countriesAndAutonomousSystemsAreWorkedOutFromTheHostsWithTheGivenDatabases() throws IOException {
		Map<String, Object> germany = Map.of("country", Map.of("iso_code", "DE", "names", Map.of("en", "Germany")));
		Map<String, Object> france = Map.of("country", Map.of("iso_code", "FR", "names", Map.of("en", "France")));
		Path countries = this.work.resolve("country.mmdb");
		new MaxMindDatabase("GeoLite2-Country").insert("10.0.0.0/16", germany).insert("10.1.0.0/16", france)
			.insert("10.2.0.0/16", germany).write(countries);
		Path systems = this.work.resolve("asn.mmdb");
		new MaxMindDatabase("GeoLite2-ASN")
			.insert("10.0.0.0/15", Map.of("autonomous_system_number", 64500L, "autonomous_system_organization", "Example Net"))
			.insert("10.2.0.0/15", Map.of("autonomous_system_number", 64501L))
			.write(systems);
		assertThat(run("geo").code()).isZero();

		JsonNode report = report("geo", "--logagg.geoip.database=" + countries + "," + systems);

		List<Request> requests = requests();
		assertThat(reportedPanel(report, "countries")).isEqualTo(expectedPanel(requests, r -> switch (r.client().split("\\.")[1]) {
			case "0", "2" -> "DE Germany";
			case "1" -> "FR France";
			default -> "Unknown";
		}));
		assertThat(reportedPanel(report, "asn")).isEqualTo(expectedPanel(requests, r -> switch (r.client().split("\\.")[1]) {
			case "0", "1" -> "AS64500 Example Net";
			default -> "AS64501";
		}));
		assertThat(report("geo").get("panels").has("countries")).as("without a database").isFalse();
		CliRun bad = CliRun.of("report", "--source", "geo", "--redis-url", redis.url(), "--data-dir", this.work.resolve("data").toString(),
				"--logagg.geoip.database=" + input.resolve("access-0.log"));
		assertThat(bad.code()).as(bad.toString()).isEqualTo(2);
		assertThat(bad.err()).contains("is not a readable MaxMind-format database");
	}

	@Test
	void theCsvReportHoldsEveryRowOfTheJsonReportOneLineEach() {
		assertThat(run("csv").code()).isZero();
		JsonNode json = report("csv");
		CliRun csv = CliRun.of("report", "--csv", "--top", "1000000", "--source", "csv", "--redis-url", redis.url(), "--data-dir",
				this.work.resolve("data").toString());
		assertThat(csv.code()).as(csv.toString()).isZero();
		List<String> lines = List.of(csv.out().split("\r\n", -1));
		assertThat(lines.get(0)).isEqualTo("panel,rank,value,requests,share,bytes,p95_ms,mean_ms");
		assertThat(lines.get(lines.size() - 1)).as("every line ends in CRLF").isEmpty();
		Map<String, Map<String, List<Long>>> rows = new TreeMap<>();
		for (String line : lines.subList(1, lines.size() - 1)) {
			List<String> fields = csvFields(line);
			assertThat(fields).as(line).hasSize(8);
			rows.computeIfAbsent(fields.get(0), p -> new TreeMap<>()).put(fields.get(2),
					List.of(Long.parseLong(fields.get(3)), fields.get(5).isEmpty() ? -1 : Long.parseLong(fields.get(5))));
		}
		json.get("panels").properties().forEach(panel -> assertThat(rows.get(panel.getKey())).as(panel.getKey())
			.isEqualTo(reportedPanel(json, panel.getKey())));
		assertThat(rows.get("days")).hasSize(3);
		assertThat(rows.get("status").values().stream().mapToLong(pair -> pair.get(0)).sum()).isEqualTo(json.get("lines").asLong());
	}

	/** The fields of one CSV line, as RFC 4180 reads them (no line breaks inside in these lines). */
	private static List<String> csvFields(String line) {
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (quoted) {
				if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
					field.append('"');
					i++;
				}
				else if (c == '"') {
					quoted = false;
				}
				else {
					field.append(c);
				}
			}
			else if (c == '"') {
				quoted = true;
			}
			else if (c == ',') {
				fields.add(field.toString());
				field.setLength(0);
			}
			else {
				field.append(c);
			}
		}
		fields.add(field.toString());
		return fields;
	}

	@Test
	void aRangeCutsTheSeriesAndLatencyToTheMinuteAndThePanelsToTheDaysItTouches() {
		assertThat(run("ranged").code()).isZero();
		JsonNode report = report("ranged", "--since", "2026-11-21T22:05", "--until", "2026-11-22T22:04");
		List<Request> inRange = requests().stream()
			.filter(r -> r.minute().compareTo("2026-11-21T22:05") >= 0 && r.minute().compareTo("2026-11-22T22:04") <= 0)
			.toList();
		List<Request> inDays = requests().stream().filter(r -> r.day().equals("2026-11-21") || r.day().equals("2026-11-22")).toList();

		assertThat(report.get("panelDays").toString()).isEqualTo("[\"2026-11-21\",\"2026-11-22\"]");
		assertThat(reportedPanel(report, "hosts")).isEqualTo(expectedPanel(inDays, Request::client));
		assertThat(report.get("latency").get("count").asLong()).isEqualTo(inRange.size());
		assertThat(report.get("minutes").properties().stream().mapToLong(e -> e.getValue().asLong()).sum()).isEqualTo(inRange.size());
	}

	@Test
	void killedMidRunThreeTimesEveryAggregateEqualsThatOfACleanRun(@TempDir Path logs) throws Exception {
		assertThat(run("clean", "--logagg.chunk-size=200").code()).isZero();
		long seed = 20261129L;
		SplittableRandom random = new SplittableRandom(seed);
		long afterFirstKill = -1;
		for (int kill = 1; kill <= 3; kill++) {
			long before = committed("killed");
			long chunks = random.nextLong(2, 15);
			// Chunks of 20 lines: the step soon lags behind the read-ahead, and chunks grow to 320.
			List<String> args = new ArrayList<>(List.of("run", "--input", input.toString(), "--pattern", "access-*.log", "--source",
					"killed", "--redis-url", redis.url(), "--data-dir", this.work.resolve("data").toString(),
					"--logagg.snapshot.mode=none", "--format", FORMAT, "--logagg.chunk-size=20", EVERY_PANEL));
			LogaggProcess process = LogaggProcess.start(logs, args.toArray(String[]::new));
			Await.until("the run to commit " + chunks + " chunks", Duration.ofMinutes(2),
					() -> committed("killed") >= before + chunks * 200 || !process.isAlive());
			assertThat(process.isAlive()).as("seed %d: run %d still going when killed", seed, kill).isTrue();
			process.kill();
			if (afterFirstKill < 0) {
				afterFirstKill = committed("killed");
			}
		}
		// The later kills may land after the last commit (in the final fold): a moment as good as any.
		assertThat(afterFirstKill).as("killed mid-read").isLessThan(lines.size());
		assertThat(run("killed", "--logagg.chunk-size=20").code()).isZero();

		Map<String, Object> clean = redis.everyAggregate("clean");
		assertThat(clean.keySet()).contains("panel:agents:2026-11-21", "visitors:2026-11-22", "latency:2026-11-20", "errors:2026-11-21");
		assertThat(redis.everyAggregate("killed")).isEqualTo(clean);
	}


	/**
	 * A run paused (SIGSTOP) with its chunks committed but none folded: the report counts every
	 * committed line, from the pending deltas, and no more; resumed, the run folds them once.
	 */
	@Test
	void aReportMidRunCountsEveryCommittedLineWhileItsChunksWaitForTheirFold(@TempDir Path logs) throws Exception {
		assertThat(run("unpaused", "--logagg.chunk-size=200").code()).isZero();
		List<String> args = new ArrayList<>(List.of("run", "--input", input.toString(), "--pattern", "access-*.log", "--source",
				"paused", "--redis-url", redis.url(), "--data-dir", this.work.resolve("data").toString(), "--logagg.snapshot.mode=none",
				"--format", FORMAT, EVERY_PANEL, "--logagg.chunk-size=20", "--logagg.chunk-growth=1",
				"--logagg.fold.max-pending-bytes=1GB", "--logagg.fold.max-pending-age=1h"));
		LogaggProcess process = LogaggProcess.start(logs, args.toArray(String[]::new));
		try (Jedis jedis = redis.jedis()) {
			Await.until("the run to commit 5,000 lines", Duration.ofMinutes(2), () -> committed("paused") >= 5000 || !process.isAlive());
			signal("STOP", process.pid());
			try {
				assertThat(jedis.exists("logagg:{paused}:pending")).as("chunks wait for their fold").isTrue();
				assertThat(jedis.keys("logagg:{paused}:panel:*")).as("nothing folded yet").isEmpty();
				assertThat(jedis.exists("logagg:{paused}:paths")).as("the all-time paths wait for their fold too").isFalse();
				// A transaction the run sent before it stopped may still land (Redis reads it from the
				// socket): then the checkpoint moves once, and the report is taken again.
				for (int attempt = 1; ; attempt++) {
					String checkpoint = redis.checkpoint("paused");
					List<Request> committed = requests(committedLines(checkpoint));
					assertThat(committed).hasSizeGreaterThan(4900);
					// Another data directory: the paused run holds its job repository (H2 waits for its server).
					JsonNode report = report(this.work.resolve("reader"), "paused");
					// A range of two days: the minutes' durations, and those of the days it cuts, from them.
					JsonNode ranged = report(this.work.resolve("reader"), "paused", "--since", "2026-11-20T22:05", "--until",
							"2026-11-21T22:04");
					if (checkpoint.equals(redis.checkpoint("paused")) || attempt == 3) {
						assertPanels(report, committed);
						Map<String, Long> perMinute = new TreeMap<>();
						committed.stream()
							.filter(r -> r.minute().compareTo("2026-11-20T22:05") >= 0 && r.minute().compareTo("2026-11-21T22:04") <= 0)
							.forEach(r -> perMinute.merge(r.minute(), 1L, Long::sum));
						assertThat(perMinute).as("committed lines in the range").isNotEmpty();
						Map<String, Long> reportedPerMinute = new TreeMap<>();
						ranged.get("latencyMinutes").properties().forEach(e -> reportedPerMinute.put(e.getKey(), e.getValue().get("count").asLong()));
						assertThat(reportedPerMinute).as("durations per minute, pending").isEqualTo(perMinute);
						assertThat(ranged.get("latency").get("count").asLong()).isEqualTo(perMinute.values().stream().mapToLong(Long::longValue).sum());
						break;
					}
				}
			}
			finally {
				signal("CONT", process.pid());
			}
			assertThat(process.waitFor(Duration.ofMinutes(2))).as(process.err()).isZero();
			assertThat(jedis.exists("logagg:{paused}:pending")).as("folded at the end of the run").isFalse();
			assertThat(jedis.hget("logagg:{paused}:checkpoint", "folds")).isEqualTo("1");
		}
		assertThat(redis.everyAggregate("paused")).isEqualTo(redis.everyAggregate("unpaused"));
	}

	/**
	 * A fold before every chunk (a bound of one byte), killed three times: kills land between a
	 * chunk's commit and its fold, inside folds and around them; every key ends as a clean run's.
	 */
	@Test
	void killedAmongFoldsThreeTimesEveryAggregateEqualsThatOfACleanRun(@TempDir Path logs) throws Exception {
		assertThat(run("unfolded", "--logagg.chunk-size=200").code()).isZero();
		killMidRun(logs, "folding", 3, new SplittableRandom(20261206L), "--logagg.chunk-size=20", "--logagg.fold.max-pending-bytes=1");
		try (Jedis jedis = redis.jedis()) {
			assertThat(Long.parseLong(jedis.hget("logagg:{folding}:checkpoint", "folds"))).as("folds ran").isGreaterThan(10);
		}
		assertThat(run("folding", "--logagg.chunk-size=20", "--logagg.fold.max-pending-bytes=1").code()).isZero();
		assertThat(redis.everyAggregate("folding")).isEqualTo(redis.everyAggregate("unfolded"));
	}

	/**
	 * A run that finds nothing new to read still folds what an earlier one left pending (as a run
	 * killed between its last commit and its fold leaves it).
	 */
	@Test
	void aRunWithNothingNewFoldsTheDeltasAnEarlierRunLeftPending() {
		assertThat(run("leftover").code()).isZero();
		// The delta of a chunk of three requests, as the job encodes one.
		long minute = java.time.LocalDate.parse("2026-11-21").toEpochDay() * 1440;
		List<ReadLine> chunk = new ArrayList<>();
		for (int i = 1; i <= 3; i++) {
			chunk.add(new ReadLine(new FilePosition("elsewhere.log", 100L * i), new AccessLogEntry(200, minute, "/left-pending", 100)));
		}
		try (Jedis jedis = redis.jedis()) {
			jedis.rpush("logagg:{leftover}:pending".getBytes(StandardCharsets.UTF_8), ChunkDelta.of(chunk, 0).pendingDelta());
			assertThat(reportedPanel(report("leftover"), "paths")).as("a report counts it meanwhile")
				.containsEntry("/left-pending", List.of(3L, 300L));

			CliRun again = run("leftover");
			assertThat(again.code()).as(again.toString()).isZero();
			assertThat(again.out()).contains("lines=0");
			assertThat(jedis.exists("logagg:{leftover}:pending")).isFalse();
			assertThat(jedis.hget("logagg:{leftover}:panel:paths:2026-11-21", "/left-pending")).isEqualTo("3");
			assertThat(reportedPanel(report("leftover"), "paths")).as("once, folded").containsEntry("/left-pending", List.of(3L, 300L));
		}
	}

	/**
	 * With {@code logagg.privacy.anonymize-ip}, no full address reaches Redis: the hosts panel holds
	 * the /16s (level 2), summed as the independent reading sums them, and killed twice mid-run,
	 * every key ends as a clean anonymised run's; both in a zone of a half-hour offset, whose days
	 * cut the files' UTC days.
	 */
	@Test
	void anonymizedAddressesAreAllRedisHoldsAndAKilledRunInAnotherZoneEndsAsACleanOne(@TempDir Path logs) throws Exception {
		String[] privacy = { "--logagg.privacy.anonymize-ip=true", "--logagg.privacy.anonymize-level=2", "--logagg.time-zone=Asia/Kolkata" };
		assertThat(run("private", privacy).code()).isZero();
		List<Request> requests = requests();
		Map<String, List<Long>> expected = expectedPanel(requests, r -> {
			String[] octets = r.client().split("\\.");
			return octets[0] + "." + octets[1] + ".0.0";
		});
		assertThat(reportedPanel(report("private"), "hosts")).isEqualTo(expected);
		try (Jedis jedis = redis.jedis()) {
			for (String key : jedis.keys("logagg:{private}:*")) {
				String type = jedis.type(key);
				String held = type.equals("hash") ? jedis.hgetAll(key).toString() : type.equals("list") ? jedis.lrange(key, 0, -1).toString()
						: type.equals("zset") ? jedis.zrange(key, 0, -1).toString() : "";
				assertThat(held).as(key).doesNotContainPattern("\\b\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.(?!0\\b)\\d{1,3}\\b");
			}
		}

		List<String> killed = new ArrayList<>(List.of("--logagg.chunk-size=20"));
		killed.addAll(List.of(privacy));
		killMidRun(logs, "private-killed", 2, new SplittableRandom(20261207L), killed.toArray(String[]::new));
		assertThat(run("private-killed", killed.toArray(String[]::new)).code()).isZero();
		assertThat(redis.everyAggregate("private-killed")).isEqualTo(redis.everyAggregate("private"));
	}

	/**
	 * Clients, a status code, static files and crawlers left out: the report counts what each left
	 * out (the first that matched), the rest as an independent reading filtered the same way, the
	 * lines still add up; killed twice, every key ends as a clean filtered run's.
	 */
	@Test
	void filtersLeaveOutWhatTheyNameCountItAndAKilledRunEndsAsACleanOne(@TempDir Path logs) throws Exception {
		String[] filters = { "--logagg.filter.ignore-clients=10.1.0.0/16,10.2.3.0/24", "--logagg.filter.ignore-status=404",
				"--logagg.filter.ignore-statics=true", "--logagg.filter.ignore-referrers=NEWS.*.net", "--logagg.crawlers=ignore" };
		CliRun run = run("filtered", filters);
		assertThat(run.code()).as(run.toString()).isZero();
		Map<String, Long> leftOut = new TreeMap<>();
		List<Request> kept = new ArrayList<>();
		for (Request r : requests()) {
			String by = (r.client().startsWith("10.1.") || r.client().startsWith("10.2.3.")) ? "clients"
					: (r.status() == 404) ? "status" : isStatic(r.path()) ? "statics"
							: r.referer().startsWith("https://news.example.net/")
									? "referrers"
									: r.agent().toLowerCase(Locale.ROOT).contains("bot") ? "crawlers" : null;
			if (by != null) {
				leftOut.merge(by, 1L, Long::sum);
			}
			else {
				kept.add(r);
			}
		}
		assertThat(leftOut).containsKeys("clients", "status", "statics", "referrers", "crawlers");
		JsonNode report = report("filtered");
		Map<String, Long> reported = new TreeMap<>();
		report.get("filtered").properties().forEach(e -> reported.put(e.getKey(), e.getValue().asLong()));
		assertThat(reported).isEqualTo(leftOut);
		assertThat(run.out()).as("the run's summary").contains(" filtered=" + leftOut.values().stream().mapToLong(Long::longValue).sum()
				+ " checkpoint=");
		assertThat(report.get("lines").asLong()).isEqualTo(kept.size());
		assertThat(report.get("lines").asLong() + reported.values().stream().mapToLong(Long::longValue).sum())
			.as("the lines read still add up").isEqualTo(requests().size());
		assertThat(reportedPanel(report, "hosts")).isEqualTo(expectedPanel(kept, Request::client));
		assertThat(reportedPanel(report, "agents")).isEqualTo(expectedPanel(kept, Request::agent).entrySet().stream()
			.collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue().get(0), -1L), (a, b) -> a, TreeMap::new)));

		List<String> killed = new ArrayList<>(List.of("--logagg.chunk-size=20"));
		killed.addAll(List.of(filters));
		// Filters leave out about half of the lines: two kills within the rest.
		killMidRun(logs, "filtered-killed", 2, 1500, new SplittableRandom(20261208L), killed.toArray(String[]::new));
		assertThat(run("filtered-killed", killed.toArray(String[]::new)).code()).isZero();
		assertThat(redis.everyAggregate("filtered-killed")).isEqualTo(redis.everyAggregate("filtered"));
	}

	/** Starts a run of the source {@code kills} times and kills it (-9) after 300 to 2,500 more lines each. */
	private void killMidRun(Path logs, String source, int kills, SplittableRandom random, String... extra) throws Exception {
		killMidRun(logs, source, kills, 2500, random, extra);
	}

	/** Starts a run of the source {@code kills} times and kills it (-9) after 300 to {@code most} more lines each. */
	private void killMidRun(Path logs, String source, int kills, long most, SplittableRandom random, String... extra) throws Exception {
		for (int kill = 1; kill <= kills; kill++) {
			long before = committed(source);
			long lines = random.nextLong(300, most);
			List<String> args = new ArrayList<>(List.of("run", "--input", input.toString(), "--pattern", "access-*.log", "--source",
					source, "--redis-url", redis.url(), "--data-dir", this.work.resolve("data").toString(), "--logagg.snapshot.mode=none",
					"--format", FORMAT, EVERY_PANEL));
			args.addAll(List.of(extra));
			LogaggProcess process = LogaggProcess.start(logs, args.toArray(String[]::new));
			Await.until("the run to commit " + lines + " lines", Duration.ofMinutes(2),
					() -> committed(source) >= before + lines || !process.isAlive());
			assertThat(process.isAlive()).as("run %d of %s still going when killed: %s", kill, source, process.isAlive() ? "" : process.err()).isTrue();
			process.kill();
		}
	}

	/** The generated lines before a checkpoint {@code access-N.log@offset}. */
	private static List<String> committedLines(String checkpoint) {
		int file = Integer.parseInt(checkpoint.substring("access-".length(), checkpoint.indexOf(".log")));
		long offset = Long.parseLong(checkpoint.substring(checkpoint.indexOf('@') + 1));
		List<String> committed = new ArrayList<>(lines.subList(0, file * 4000));
		long end = 0;
		for (String line : lines.subList(file * 4000, (file + 1) * 4000)) {
			end += line.length() + 1;
			if (end > offset) {
				break;
			}
			committed.add(line);
		}
		return committed;
	}

	private static void signal(String signal, long pid) throws Exception {
		assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor()).isZero();
	}

	/**
	 * Past the bound, killed twice mid-run: each day's panel still sums to the day's requests as
	 * read independently, holds at most the bound and (other), and its rank holds each member with
	 * the panel's count; the all-time paths (16 here) are bounded alike.
	 */
	@Test
	void killedMidRunPastTheBoundEveryDaysSumIsExactAndTheRankMatchesThePanel(@TempDir Path logs) throws Exception {
		List<String> args = new ArrayList<>(List.of("run", "--input", input.toString(), "--pattern", "access-*.log", "--source",
				"ranked", "--redis-url", redis.url(), "--data-dir", this.work.resolve("data").toString(),
				"--logagg.snapshot.mode=none", "--format", FORMAT, "--logagg.chunk-size=20",
				"--logagg.chunk-growth=1", "--logagg.panel.max-distinct=12", "--logagg.panel.names=hosts,agents,paths,slowPaths"));
		for (int kill = 1; kill <= 2; kill++) {
			long before = committed("ranked");
			LogaggProcess process = LogaggProcess.start(logs, args.toArray(String[]::new));
			Await.until("the run to commit 40 chunks", Duration.ofMinutes(2),
					() -> committed("ranked") >= before + 40 * 20 || !process.isAlive());
			assertThat(process.isAlive()).as("run %d still going when killed", kill).isTrue();
			process.kill();
		}
		assertThat(committed("ranked")).isLessThan(lines.size());
		assertThat(run("ranked", "--logagg.chunk-size=20", "--logagg.panel.max-distinct=12",
				"--logagg.panel.names=hosts,agents,paths,slowPaths").code()).isZero();

		Map<String, Long> perDay = requests().stream()
			.collect(java.util.stream.Collectors.groupingBy(Request::day, TreeMap::new, java.util.stream.Collectors.counting()));
		try (Jedis jedis = redis.jedis()) {
			for (String panel : List.of("hosts", "agents", "paths")) {
				perDay.forEach((day, requests) -> {
					Map<String, String> members = jedis.hgetAll("logagg:{ranked}:panel:" + panel + ":" + day);
					assertThat(members.values().stream().mapToLong(Long::parseLong).sum()).as(panel + " " + day).isEqualTo(requests);
					assertThat(members.size()).as(panel + " " + day).isLessThanOrEqualTo(13);
					String rank = "logagg:{ranked}:panel-rank:" + panel + ":" + day;
					if (jedis.exists(rank)) {
						members.forEach((member, count) -> {
							if (!member.equals("(other)")) {
								assertThat(jedis.zscore(rank, member)).as(panel + " " + day + " " + member).isEqualTo(Double.parseDouble(count));
							}
						});
						assertThat(jedis.zcard(rank)).isEqualTo(members.size() - (members.containsKey("(other)") ? 1 : 0));
					}
				});
			}
			// Past it: the folds cut the day (in the JVM, or the script's rank for a fold that alone passed it).
			assertThat(jedis.hexists("logagg:{ranked}:panel:hosts:2026-11-21", "(other)")).as("hosts passed the bound").isTrue();
			// The all-time paths: bounded too, and every request counted once.
			List<redis.clients.jedis.resps.Tuple> paths = jedis.zrangeWithScores("logagg:{ranked}:paths", 0, -1);
			assertThat(paths).hasSizeLessThanOrEqualTo(13).anyMatch(tuple -> tuple.getElement().equals("(other)"));
			assertThat(paths.stream().mapToLong(tuple -> (long) tuple.getScore()).sum())
				.isEqualTo(perDay.values().stream().mapToLong(Long::longValue).sum());
			perDay.forEach((day, requests) -> {
				Map<String, String> fields = jedis.hgetAll("logagg:{ranked}:slow-paths:" + day);
				assertThat(fields.values().stream().mapToLong(Long::parseLong).sum()).as("slowPaths " + day).isEqualTo(requests);
				String rank = "logagg:{ranked}:slow-paths-rank:" + day;
				fields.forEach((field, count) -> {
					if (!field.endsWith(" (other)") && jedis.exists(rank)) {
						assertThat(jedis.zscore(rank, field)).as("slowPaths " + day + " " + field).isEqualTo(Double.parseDouble(count));
					}
				});
			});
			// At a bound of 12 the buckets' (other) fields fill the day: its rank is emptied at each fold.
			assertThat(jedis.hkeys("logagg:{ranked}:slow-paths:2026-11-21")).as("slowPaths passed the bound")
				.anyMatch(field -> field.endsWith(" (other)"));
		}
	}

	/**
	 * Lines the source has committed: one HMGET, as the kill tests poll it while a run commits a
	 * chunk of 20 lines every millisecond or so (reading every aggregate, a poll let a loaded
	 * machine's run finish between two looks).
	 */
	private static long committed(String source) {
		try (Jedis jedis = redis.jedis()) {
			List<String> totals = jedis.hmget("logagg:{" + source + "}:totals", "lines", "malformed");
			return totals.stream().mapToLong(value -> (value == null) ? 0 : Long.parseLong(value)).sum();
		}
	}

	@Test
	void onlyTheNamedPanelsAreKeptAndAnUnknownNameIsRefused() {
		assertThat(run("named", "--logagg.panel.names=hosts,hours").code()).isZero();
		assertThat(report("named").get("panels").propertyNames()).containsExactly("hosts", "hours");
		assertThat(run("none", "--logagg.panel.names=").code()).isZero();
		assertThat(report("none").get("panels").propertyNames()).isEmpty();
		assertThat(report("none").get("visitors").asLong()).isPositive();

		CliRun refused = run("refused", "--logagg.panel.names=hosts,pages");
		assertThat(refused.code()).isEqualTo(2);
		assertThat(refused.err()).contains("logagg.panel.names: 'pages' is not a panel; the panels are paths, static, notFound");
	}

	@Test
	void aDaysPanelKeepsAtMostMaxDistinctMembersAndCountsTheRestAsOther() {
		assertThat(run("bounded", "--logagg.panel.max-distinct=25").code()).isZero();
		try (Jedis jedis = redis.jedis()) {
			for (String day : List.of("2026-11-20", "2026-11-21", "2026-11-22")) {
				String key = "logagg:{bounded}:panel:hosts:" + day;
				assertThat(jedis.hlen(key)).as(day).isLessThanOrEqualTo(26);
				assertThat(jedis.hget(key, "(other)")).as(day).isNotNull();
				double sum = jedis.hvals(key).stream().mapToLong(Long::parseLong).sum();
				assertThat((long) sum).isEqualTo(Long.parseLong(jedis.hget("logagg:{bounded}:day:" + day, "lines")));
				// The durations per path and bucket: the rarest folded into their bucket's (other), every request kept.
				Map<String, String> slow = jedis.hgetAll("logagg:{bounded}:slow-paths:" + day);
				long others = slow.keySet().stream().filter(field -> field.endsWith(" (other)")).count();
				assertThat(others).as(day).isPositive();
				assertThat(slow.size() - others).as(day).isLessThanOrEqualTo(25);
				assertThat(slow.values().stream().mapToLong(Long::parseLong).sum()).isEqualTo((long) sum);
			}
		}
	}

	@Test
	void everyTimeBucketedKeyExpiresItsRetentionAfterItsLastWriteAndTheOthersAreAFixedHandful() {
		assertThat(run("ttl", "--logagg.retention.minutes=2d").code()).isZero();
		Set<String> withoutTtl = new TreeSet<>();
		Map<String, Long> timeToLive = new TreeMap<>();
		try (Jedis jedis = redis.jedis()) {
			for (String key : jedis.keys("logagg:{ttl}:*")) {
				String name = key.substring("logagg:{ttl}:".length());
				long ttl = jedis.ttl(key);
				if (ttl < 0) {
					withoutTtl.add(name);
				}
				else {
					timeToLive.put(name, ttl);
				}
			}
		}
		assertThat(withoutTtl).isSubsetOf("checkpoint", "files", "totals", "status", "minutes", "paths", "days", "malformed");
		assertThat(timeToLive).doesNotContainKey("panel-bytes:agents:2026-11-20");
		assertThat(timeToLive).containsKeys("panel:hosts:2026-11-20", "panel-bytes:hosts:2026-11-20", "visitors:2026-11-20",
				"slow-paths:2026-11-21",
				"day:2026-11-20", "latency:2026-11-20", "latency:2026-11-20T22:00", "errors:2026-11-20");
		timeToLive.forEach((name, ttl) -> {
			boolean perMinute = name.startsWith("errors:") || (name.startsWith("latency:") && name.contains("T"));
			assertThat(ttl).as(name).isCloseTo(perMinute ? 2 * 86_400L : 400 * 86_400L, within(120L));
		});
	}

}

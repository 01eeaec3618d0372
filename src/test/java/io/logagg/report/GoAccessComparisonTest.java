package io.logagg.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.logagg.bench.AccessLogGenerator;
import io.logagg.bench.LineLayout;
import io.logagg.support.CliRun;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * logagg and the real GoAccess (Debian's {@code goaccess}, which {@code .ci/run} installs) on the
 * same lines: the same valid lines, hits per day, not-found rows, hosts, hours and referring sites,
 * and visitors within 3 % (four standard errors of Redis's HyperLogLog). GoAccess runs with
 * {@code --no-query-string}, as logagg's panels keep paths without their query.
 */
class GoAccessComparisonTest {

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	@TempDir
	Path work;

	@Test
	void theRealCorpusGivesWhatGoAccessGives() throws Exception {
		Path input = Files.createDirectories(this.work.resolve("corpus"));
		Files.copy(Path.of("src/test/resources/corpus/apache_logs"), input.resolve("access.log"));
		assertSameAsGoAccess(input, "corpus");
	}

	@Test
	void generatedLinesOverThreeDaysGiveWhatGoAccessGives() throws Exception {
		Path input = Files.createDirectories(this.work.resolve("generated"));
		List<String> lines = new ArrayList<>();
		for (int day = 0; day < 3; day++) {
			AccessLogGenerator generator = new AccessLogGenerator(90 + day,
					ZonedDateTime.parse("2026-11-20T10:00:00Z").plusDays(day), 0);
			for (int i = 0; i < 5000; i++) {
				String line = generator.nextLine();
				// GoAccess keeps each line's own clock for days and hours; logagg counts in UTC.
				lines.add(line.replace(" -0500]", " +0000]"));
			}
		}
		Files.write(input.resolve("access.log"), lines, StandardCharsets.ISO_8859_1);
		assertSameAsGoAccess(input, "generated");
	}

	/**
	 * The same requests as W3C (IIS), CloudFront and Squid write them, and as combined read by a
	 * GoAccess format string: logagg's preset (or {@code goaccess:} string) against GoAccess's own
	 * reading of the file. GoAccess's W3C and CloudFront presets append the query ({@code %q}) to
	 * the path, {@code ?-} when there is none, even with {@code --no-query-string}: its strings here
	 * read the query as {@code %^}, so that both keep paths without it; its format ends with a
	 * {@code %^} where its last specifier would take the rest of the line.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"w3c|w3c|--log-format=%d %t %h %^ %m %U %^ %s %b %L %u %R %v|--date-format=%Y-%m-%d|--time-format=%H:%M:%S",
			"cloudfront|cloudfront|--log-format=%d\\t%t\\t%^\\t%b\\t%h\\t%m\\t%v\\t%U\\t%s\\t%R\\t%u\\t%^\\t%^\\t%C\\t%^\\t%^\\t%^\\t%^\\t%T\\t%^\\t%K\\t%k\\t%^\\t%H\\t%^"
					+ "|--date-format=%Y-%m-%d|--time-format=%H:%M:%S",
			"squid|squid|--log-format=%x.%^ %~%L %h %^/%s %b %m %U %^|--date-format=%s|--time-format=%s",
			"awss3|awss3|--log-format=AWSS3|--date-format=%d/%b/%Y|--time-format=%H:%M:%S",
			"cloudstorage|cloudstorage|--log-format=CLOUDSTORAGE|--date-format=%f|--time-format=%f",
			"vcommon|vcommon|--log-format=VCOMMON|--date-format=%d/%b/%Y|--time-format=%H:%M:%S",
			"awsalb|awsalb|--log-format=AWSALB|--date-format=%Y-%m-%d|--time-format=%H:%M:%S",
			"combined|goaccess:%h %^[%d:%t %^] \"%r\" %s %b \"%R\" \"%u\"|--log-format=COMBINED|--date-format=%d/%b/%Y|--time-format=%H:%M:%S" })
	void otherFormatsGiveWhatGoAccessGives(String layout, String format, String logFormat, String dateFormat, String timeFormat)
			throws Exception {
		Path input = Files.createDirectories(this.work.resolve(layout));
		List<String> lines = new ArrayList<>();
		AccessLogGenerator generator = new AccessLogGenerator(70, ZonedDateTime.parse("2026-11-20T20:00:00Z"), 0);
		LineLayout rewrite = LineLayout.named(layout);
		for (int i = 0; i < 8000; i++) {
			lines.add(rewrite.rewrite(generator.nextLine().replace(" -0500]", " +0000]"), i));
		}
		Files.write(input.resolve("access.log"), lines, StandardCharsets.ISO_8859_1);
		assertSameAsGoAccess(input, layout + "-format", format, List.of(logFormat.replace("\\t", "\t"), dateFormat, timeFormat), true);
	}

	/**
	 * The same options on both sides: a time zone (GoAccess's {@code --tz}, which needs the offset
	 * read through {@code --datetime-format}), crawlers left out, and addresses anonymised at
	 * levels 1 and 2.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"--logagg.time-zone=America/New_York|--tz=America/New_York",
			"--logagg.crawlers=ignore|--ignore-crawlers",
			"--logagg.privacy.anonymize-ip=true|--anonymize-ip",
			"--logagg.privacy.anonymize-level=2|--anonymize-level=2" })
	void theSameOptionsGiveWhatGoAccessGives(String logaggOption, String goAccessOption) throws Exception {
		Path input = Files.createDirectories(this.work.resolve("options"));
		List<String> lines = new ArrayList<>();
		AccessLogGenerator generator = new AccessLogGenerator(71, ZonedDateTime.parse("2026-11-20T20:00:00Z"), 0);
		for (int i = 0; i < 8000; i++) {
			lines.add(generator.nextLine());
		}
		Files.write(input.resolve("access.log"), lines, StandardCharsets.ISO_8859_1);
		List<String> logagg = new ArrayList<>(List.of(logaggOption));
		List<String> goAccess = new ArrayList<>(List.of("--log-format=%h %^[%x] \"%r\" %s %b \"%R\" \"%u\"",
				"--datetime-format=%d/%b/%Y:%H:%M:%S %z", goAccessOption));
		if (logaggOption.contains("anonymize-level")) {
			logagg.add("--logagg.privacy.anonymize-ip=true");
			goAccess.add("--anonymize-ip");
		}
		if (!logaggOption.contains("time-zone")) {
			// Without --tz, GoAccess keeps each line's own clock; with it, its zone's.
			logagg.add("--logagg.time-zone=UTC");
			goAccess.add("--tz=UTC");
		}
		JsonNode report = assertSameAsGoAccess(input, "options-" + Math.abs(logaggOption.hashCode()), "combined", goAccess,
				!logaggOption.contains("anonymize"), logagg.toArray(String[]::new));
		if (logaggOption.contains("anonymize")) {
			// GoAccess anonymises addresses only as it writes them out, so its visitors count whole
			// addresses; logagg's count the anonymised ones, since no whole address reaches Redis.
			assertThat(report.get("visitors").asLong()).isPositive();
		}
	}

	private void assertSameAsGoAccess(Path input, String source) throws Exception {
		assertSameAsGoAccess(input, source, "combined", List.of("--log-format=COMBINED"), true);
	}

	private JsonNode assertSameAsGoAccess(Path input, String source, String format, List<String> goAccessFormat,
			boolean sameVisitors, String... options) throws Exception {
		List<String> args = new ArrayList<>(List.of("run", "--input", input.toString(), "--source", source, "--redis-url", redis.url(),
				"--data-dir", this.work.resolve("data").toString(), "--logagg.snapshot.mode=none", "--format", format));
		args.addAll(List.of(options));
		CliRun run = CliRun.of(args.toArray(String[]::new));
		assertThat(run.code()).as(run.toString()).isZero();
		CliRun reported = CliRun.of("report", "--json", "--top", "1000000", "--source", source, "--redis-url", redis.url(),
				"--data-dir", this.work.resolve("data").toString());
		assertThat(reported.code()).as(reported.toString()).isZero();
		JsonNode logagg = JsonMapper.builder().build().readTree(reported.out());
		JsonNode goaccess = goAccess(input.resolve("access.log"), goAccessFormat);

		assertThat(logagg.get("lines").asLong()).isEqualTo(goaccess.get("general").get("valid_requests").asLong());
		Map<String, Long> days = new TreeMap<>();
		logagg.get("days").forEach(day -> days.put(day.get("day").asString().replace("-", ""), day.get("lines").asLong()));
		assertThat(days).isEqualTo(rows(goaccess, "visitors"));
		assertThat(decoded(hits(logagg, "notFound"))).isEqualTo(rows(goaccess, "not_found"));
		assertThat(hits(logagg, "hosts")).isEqualTo(rows(goaccess, "hosts"));
		assertThat(hits(logagg, "hours")).isEqualTo(rows(goaccess, "visit_time"));
		assertThat(hits(logagg, "referringSites")).isEqualTo(rows(goaccess, "referring_sites"));
		if (sameVisitors) {
			long visitors = goaccess.get("general").get("unique_visitors").asLong();
			assertThat((double) logagg.get("visitors").asLong()).isCloseTo(visitors, within(0.03 * visitors));
		}
		return logagg;
	}

	/** GoAccess's JSON report of the file, every row of every panel. */
	private JsonNode goAccess(Path log, List<String> format) throws IOException, InterruptedException {
		Path report = this.work.resolve("goaccess-" + System.nanoTime() + ".json");
		List<String> command = new ArrayList<>(List.of("goaccess", log.toString()));
		command.addAll(format);
		command.addAll(List.of("--no-query-string", "--max-items=1000000", "--no-progress", "-o", report.toString()));
		Process process = new ProcessBuilder(command)
			.redirectErrorStream(true)
			.redirectOutput(this.work.resolve("goaccess.out").toFile())
			.start();
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("goaccess ends").isTrue();
		assertThat(process.exitValue()).as(Files.readString(this.work.resolve("goaccess.out"))).isZero();
		// GoAccess writes the bytes of the log as they are; logagg decodes them as UTF-8, with replacements.
		return JsonMapper.builder().build().readTree(new String(Files.readAllBytes(report), StandardCharsets.UTF_8));
	}

	/** A GoAccess panel's hits per row, rows of the same value summed (it splits them by method and protocol). */
	private static Map<String, Long> rows(JsonNode goaccess, String panel) {
		Map<String, Long> rows = new TreeMap<>();
		goaccess.get(panel).get("data").forEach(row -> rows.merge(row.get("data").asString(), row.get("hits").get("count").asLong(), Long::sum));
		return rows;
	}

	/**
	 * Paths as GoAccess shows them: percent-escapes decoded (not {@code +}), trailing blanks cut, rows that then read
	 * alike summed. logagg keeps a path as logged, so that two requests that differ stay two rows.
	 */
	private static Map<String, Long> decoded(Map<String, Long> paths) {
		Map<String, Long> decoded = new TreeMap<>();
		paths.forEach((path, count) -> {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			for (int i = 0; i < path.length(); i++) {
				char c = path.charAt(i);
				if (c == '%' && i + 2 < path.length() && HexFormat.isHexDigit(path.charAt(i + 1))
						&& HexFormat.isHexDigit(path.charAt(i + 2))) {
					bytes.write(HexFormat.fromHexDigits(path, i + 1, i + 3));
					i += 2;
				}
				else {
					bytes.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
				}
			}
			decoded.merge(bytes.toString(StandardCharsets.UTF_8).stripTrailing(), count, Long::sum);
		});
		return decoded;
	}

	private static Map<String, Long> hits(JsonNode logagg, String panel) {
		Map<String, Long> rows = new TreeMap<>();
		JsonNode node = logagg.get("panels").get(panel);
		if (node != null) {
			node.forEach(row -> rows.put(row.get("value").asString(), row.get("count").asLong()));
		}
		return rows;
	}

}

package io.logagg.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import io.logagg.bench.AccessLogGenerator;
import io.logagg.bench.LineLayout;
import io.logagg.support.CliRun;
import io.logagg.support.IndependentCount;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same requests logged in different formats give the same aggregates, exactly once: the
 * combined lines of the generator (and of the real corpus), written as they are and with the extra
 * fields an nginx or Apache format adds, counted against the independent count of the combined
 * part.
 */
class FormatsTest {

	private static final String NGINX_COMBINED = "nginx:$remote_addr - $remote_user [$time_local] \"$request\" $status "
			+ "$body_bytes_sent \"$http_referer\" \"$http_user_agent\"";

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	@TempDir
	Path work;

	private List<String> combined(long seed, int count) {
		AccessLogGenerator generator = new AccessLogGenerator(seed, ZonedDateTime.parse("2026-11-20T00:00:00Z"), 0.01);
		List<String> lines = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			lines.add(generator.nextLine());
		}
		return lines;
	}

	private Path write(String name, List<String> lines, String suffix) throws IOException {
		Path directory = Files.createDirectories(this.work.resolve(name));
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < lines.size(); i++) {
			text.append(lines.get(i)).append(suffix.replace("N", Integer.toString(i % 997))).append('\n');
		}
		Files.writeString(directory.resolve("access.log"), text, StandardCharsets.ISO_8859_1);
		return directory;
	}

	private CliRun run(Path input, String source, String format, String... extra) {
		List<String> args = new ArrayList<>(List.of("run", "--input", input.toString(), "--source", source, "--redis-url",
				redis.url(), "--data-dir", this.work.resolve("data").toString(), "--logagg.snapshot.mode=none",
				"--format", format));
		args.addAll(List.of(extra));
		return CliRun.of(args.toArray(String[]::new));
	}

	private static IndependentCount countOf(List<String> lines) {
		return IndependentCount.of(lines.stream().map(line -> line.getBytes(StandardCharsets.ISO_8859_1)).toList(),
				IndependentCount.DEFAULT_MAX_LINE_BYTES);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', ignoreLeadingAndTrailingWhitespace = false, value = {
			"combined as an nginx string|" + NGINX_COMBINED + "|",
			"nginx with duration and host|" + NGINX_COMBINED + " $request_time $host| 0.N shop.example.com",
			"apache with microseconds and vhost|apache:%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\" %D %v| N www.example.com" })
	void theSameRequestsInAnotherFormatGiveTheSameAggregates(String name, String format, String suffix) throws IOException {
		List<String> lines = combined(1, 5000);
		CliRun asCombined = run(write("combined", lines, ""), "as-combined", "combined");
		CliRun other = run(write("other", lines, (suffix == null) ? "" : suffix), "other", format);

		assertThat(asCombined.code()).as(asCombined.toString()).isZero();
		assertThat(other.code()).as(other.toString()).isZero();
		assertThat(redis.aggregates("as-combined")).isEqualTo(countOf(lines));
		assertThat(redis.aggregates("other")).isEqualTo(redis.aggregates("as-combined"));
	}

	@ParameterizedTest
	@CsvSource({ "caddy", "traefik" })
	void theSameRequestsInCaddyOrTraefikJsonGiveTheSameAggregates(String format) throws IOException {
		List<String> lines = combined(4, 5000);
		LineLayout layout = LineLayout.named(format);
		List<String> json = IntStream.range(0, lines.size()).mapToObj(i -> layout.rewrite(lines.get(i), i)).toList();
		assertThat(json).filteredOn(line -> line.startsWith("{")).hasSizeGreaterThan(4900);

		CliRun run = run(write(format, json, ""), format, format);

		assertThat(run.code()).as(run.toString()).isZero();
		assertThat(redis.aggregates(format)).isEqualTo(countOf(lines));
	}

	/**
	 * W3C and CloudFront with their headers (the W3C one in a field order of its own), Squid's native
	 * log, S3's access log, Cloud Storage's CSV with its header row, vcommon, Traefik's CLF and ALB's
	 * log.
	 */
	@ParameterizedTest
	@CsvSource({ "w3c", "cloudfront", "squid", "awss3", "cloudstorage", "vcommon", "traefikclf", "awsalb" })
	void theSameRequestsInGoAccessesOtherFormatsGiveTheSameAggregates(String format) throws IOException {
		List<String> lines = combined(5, 5000);
		LineLayout layout = LineLayout.named(format);
		List<String> rewritten = IntStream.range(0, lines.size()).mapToObj(i -> layout.rewrite(lines.get(i), i)).toList();

		CliRun run = run(write(format, rewritten, ""), format, format);

		assertThat(run.code()).as(run.toString()).isZero();
		IndependentCount counted = redis.aggregates(format);
		IndependentCount expected = countOf(lines);
		if (layout == LineLayout.AWSALB) {
			// ALB's request names the whole URL: the same requests, under their URLs.
			assertThat(counted.paths().keySet()).allMatch(path -> path.startsWith("https://") && path.contains(".example.com:443/"));
			assertThat(counted.paths().values().stream().mapToLong(Long::longValue).sum())
				.isEqualTo(expected.paths().values().stream().mapToLong(Long::longValue).sum());
			counted = new IndependentCount(counted.lines(), counted.malformed(), counted.bytes(), counted.status(), counted.minutes(),
					expected.paths());
		}
		assertThat(counted).isEqualTo(expected);
	}

	@Test
	void theRealCorpusInAnNginxFormatCountsAsIndependentlyCounted() throws IOException {
		List<String> corpus = Files.readAllLines(Path.of("src/test/resources/corpus/apache_logs"), StandardCharsets.ISO_8859_1);
		CliRun run = run(write("corpus", corpus, " 0.N corpus.example.com"), "corpus", NGINX_COMBINED + " $request_time $host");

		assertThat(run.code()).as(run.toString()).isZero();
		// The combined parser reads up to the size and takes the rest as it comes; a format that
		// names the referer and user agent also needs their closing quotes, which one line's
		// truncated user agent lacks: it is malformed here.
		List<String> expected = corpus.stream().map(line -> line.matches(".*\" \"[^\"]*\"") ? line : "malformed").toList();
		assertThat(expected).filteredOn("malformed"::equals).hasSize(1);
		assertThat(redis.aggregates("corpus")).isEqualTo(countOf(expected));
	}

	/**
	 * A run fails right after its fourth chunk is committed, its rerun resumes mid-file: in W3C,
	 * whose fields in that file are not IIS's defaults, the rerun must have taken in the header
	 * before its offset.
	 */
	@ParameterizedTest
	@CsvSource({ "nginx", "w3c" })
	void aFailureRightAfterAChunkIsCommittedIsExactAfterTheRerun(String layout) throws IOException {
		List<String> lines = combined(2, 6000);
		Path input;
		String format;
		if (layout.equals("nginx")) {
			input = write("crash-" + layout, lines, " 0.N crash.example.com");
			format = NGINX_COMBINED + " $request_time $host";
		}
		else {
			List<String> w3c = IntStream.range(0, lines.size()).mapToObj(i -> LineLayout.W3C.rewrite(lines.get(i), i)).toList();
			input = write("crash-" + layout, w3c, "");
			format = "w3c";
		}

		CliRun failed = run(input, "crash-" + layout, format, "--logagg.chunk-size=700", "--logagg.chunk-growth=1",
				"--logagg.chunks-per-update=1");
		CliRun injected = CliRun.of(new Class<?>[] { ExactlyOnceTest.FailAfterFourChunks.class },
				"run", "--input", input.toString(), "--source", "crashed-" + layout, "--redis-url", redis.url(), "--data-dir",
				this.work.resolve("data").toString(), "--logagg.snapshot.mode=none", "--format", format,
				"--logagg.chunk-size=700", "--logagg.chunk-growth=1", "--logagg.chunks-per-update=1");

		assertThat(failed.code()).as(failed.toString()).isZero();
		assertThat(injected.code()).as(injected.toString()).isEqualTo(1);
		assertThat(redis.aggregates("crashed-" + layout)).isEqualTo(countOf(lines.subList(0, 2800)));
		CliRun rerun = run(input, "crashed-" + layout, format, "--logagg.chunk-size=700", "--logagg.chunk-growth=1");
		assertThat(rerun.code()).as(rerun.toString()).isZero();
		assertThat(redis.aggregates("crashed-" + layout)).isEqualTo(countOf(lines));
	}

	@Test
	void checkFormatShowsEachLinesFieldsOrWhereItFailed() throws IOException {
		Path file = this.work.resolve("try.log");
		Files.writeString(file, "10.0.0.1 - - [20/Nov/2026:00:00:01 +0000] \"GET /a?x=1 HTTP/1.1\" 200 512 \"-\" \"curl\" 0.004 a.com\n"
				+ "10.0.0.1 - - [20/Nov/2026:00:00:01 +0000] \"GET /a HTTP/1.1\" 2x0 512 \"-\" \"curl\" 0.1 b.com\n");
		String format = NGINX_COMBINED + " $request_time $host";

		CliRun both = CliRun.of("check-format", file.toString(), "--format", format);
		CliRun first = CliRun.of("check-format", file.toString(), "--format", format, "--lines", "1");
		CliRun bad = CliRun.of("check-format", file.toString(), "--format", "nginx:$status");

		assertThat(both.code()).as(both.toString()).isEqualTo(1);
		assertThat(both.out()).contains("line 1: ok  time=2026-11-20T00:00 status=200 bytes=512 client=10.0.0.1 method=GET "
				+ "path=/a query=x=1 protocol=HTTP/1.1 user-agent=curl vhost=a.com duration=4.000ms")
			.contains("line 2: MALFORMED  $status: expected 3 digits at byte 60", "1 of 2 line(s) parsed");
		assertThat(first.code()).as(first.toString()).isZero();
		assertThat(bad.code()).as(bad.toString()).isEqualTo(2);
		assertThat(bad.err()).contains("has no request time");
	}

	/** W3C's directives are shown as such, the lines after a #Fields: read by its fields, as run reads them. */
	@Test
	void checkFormatTakesInW3cDirectives() throws IOException {
		Path file = this.work.resolve("u_ex261206.log");
		Files.writeString(file, "#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n"
				+ "#Fields: date time c-ip cs-method cs-uri-stem sc-status sc-bytes time-taken\n"
				+ "2026-12-06 10:15:30 203.0.113.9 GET /index.html 200 512 15\n");

		CliRun check = CliRun.of("check-format", file.toString(), "--format", "w3c");

		assertThat(check.code()).as(check.toString()).isZero();
		assertThat(check.out()).contains("line 1: directive", "line 3: directive  #Fields:",
				"line 4: ok  time=2026-12-06T10:15 status=200 bytes=512 client=203.0.113.9 method=GET path=/index.html duration=15.000ms",
				"1 of 1 line(s) parsed");
	}

	/** check-format reads as run does: lines numbered as the file's, an over-long one malformed in bounded memory. */
	@Test
	void checkFormatAgreesWithRun() throws IOException {
		Path file = this.work.resolve("odd.log");
		String line = "10.0.0.1 - - [20/Nov/2026:00:00:00 +0000] \"GET /a HTTP/1.1\" 200 5 \"-\" \"t\"";
		Files.writeString(file, line + "\n\n\n" + line.replace("/a", "/" + "x".repeat(70_000)) + "\n"
				+ line.replace("2026", "9999") + "\n" + line + "\n");

		CliRun check = CliRun.of("check-format", file.toString());

		assertThat(check.code()).as(check.toString()).isEqualTo(1);
		assertThat(check.out()).contains("line 1: ok", "line 4: MALFORMED  longer than logagg.max-line-bytes (65536)",
				"line 5: MALFORMED  time 9999-11-20T00:00:00Z is outside", "line 6: ok", "2 of 4 line(s) parsed");
	}

	@Test
	void aMalformedLinesSampleSaysWhichFieldFailedAndWhere() throws IOException {
		Path input = Files.createDirectories(this.work.resolve("samples"));
		Files.writeString(input.resolve("access.log"),
				"10.0.0.1 - - [20/Nov/2026:00:00:01 +0000] \"GET /a HTTP/1.1\" 2x0 512 \"-\" \"curl\"\n"
						+ "10.0.0.1 - - [20/Nov/2026:00:00:01 +0000] \"GET /a HTTP/1.1\" 200 512 \"-\" \"curl\"\n"
						+ "10.0.0.2 - - [20/Nov/2026:00:00:01 +0000] \"GET /b HTTP/1.1\" 200 12\n");
		CliRun nginx = run(input, "samples-nginx", NGINX_COMBINED);
		CliRun combined = run(input, "samples-combined", "combined");
		assertThat(nginx.code()).as(nginx.toString()).isZero();
		assertThat(combined.code()).as(combined.toString()).isZero();

		CliRun report = CliRun.of("report", "--malformed", "--source", "samples-nginx", "--redis-url", redis.url(),
				"--data-dir", this.work.resolve("data").toString());
		CliRun json = CliRun.of("report", "--malformed", "--json", "--source", "samples-combined", "--redis-url", redis.url(),
				"--data-dir", this.work.resolve("data").toString());

		assertThat(report.out()).contains("access.log@0: 10.0.0.1", "($status: expected 3 digits at byte 60)")
			.contains("($body_bytes_sent: no end found");
		assertThat(json.out()).contains("\"reason\":\"%>s: expected 3 digits at byte 60\"");
	}

	@Test
	void aBadFormatIsRefusedBeforeAnythingIsRead() throws IOException {
		CliRun run = run(write("bad", combined(3, 10), ""), "bad", "nginx:$remote_addr $status$body_bytes_sent [$time_local]");

		assertThat(run.code()).as(run.toString()).isEqualTo(2);
		assertThat(run.err().lines()).hasSize(1);
		assertThat(run.err()).contains("$status and $body_bytes_sent have nothing between them");
		assertThat(redis.checkpoint("bad")).isNull();
	}

}

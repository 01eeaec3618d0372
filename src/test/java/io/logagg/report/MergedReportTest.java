package io.logagg.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.logagg.bench.AccessLogGenerator;
import io.logagg.bench.LineLayout;
import io.logagg.support.CliRun;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code report --source PATTERN}: three web servers' logs, each counted as its own source, read
 * together equal one source that counted all their lines, field by field (visitors included: the
 * union of HyperLogLogs is the HyperLogLog of the union).
 */
class MergedReportTest {

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension().sharingDataBetweenTests();

	@TempDir
	static Path logs;

	@TempDir
	static Path data;

	private static final List<String> WEB = List.of("web-01", "web-02", "web-03");

	/** Each server: the same two days, different requests, clients partly shared. Plus a database host. */
	@BeforeAll
	static void countEachServerAndAllTogether() throws IOException {
		Path all = Files.createDirectories(logs.resolve("all"));
		for (int host = 0; host < WEB.size() + 1; host++) {
			String name = (host < WEB.size()) ? WEB.get(host) : "db-01";
			AccessLogGenerator generator = new AccessLogGenerator(40 + host, ZonedDateTime.parse("2026-11-20T23:55:00Z"), 0.01);
			List<String> lines = new ArrayList<>();
			for (int i = 0; i < 3000; i++) {
				lines.add(LineLayout.NGINX.rewrite(generator.nextLine(), host * 3000L + i));
			}
			Path directory = Files.createDirectories(logs.resolve(name));
			Files.write(directory.resolve("access.log"), lines, StandardCharsets.ISO_8859_1);
			if (host < WEB.size()) {
				Files.write(all.resolve("access-" + name + ".log"), lines, StandardCharsets.ISO_8859_1);
			}
			run(name, directory);
		}
		run("all", all);
	}

	private static void run(String source, Path input) {
		CliRun run = CliRun.of("run", "--input", input.toString(), "--source", source, "--format", LineLayout.NGINX.format(),
				"--redis-url", redis.url(), "--data-dir", data.toString(), "--logagg.snapshot.mode=none");
		assertThat(run.code()).as(run.toString()).isZero();
	}

	private static CliRun report(String source, String... extra) {
		List<String> args = new ArrayList<>(List.of("report", "--source", source, "--redis-url", redis.url(), "--data-dir",
				data.toString()));
		args.addAll(List.of(extra));
		return CliRun.of(args.toArray(String[]::new));
	}

	private static ObjectNode json(String source) {
		CliRun report = report(source, "--json", "--top", "1000000");
		assertThat(report.code()).as(report.toString()).isZero();
		return (ObjectNode) JsonMapper.builder().build().readTree(report.out());
	}

	/** Paths with their counts: sorted sets and sums order equal counts differently. */
	private static Map<String, Long> topPaths(JsonNode report) {
		Map<String, Long> paths = new HashMap<>();
		report.get("topPaths").forEach(row -> paths.put(row.get("path").asString(), row.get("count").asLong()));
		return paths;
	}

	@Test
	void aGlobMergesItsSourcesIntoWhatOneSourceOfAllTheirLinesCounts() {
		ObjectNode merged = json("web-*");
		ObjectNode all = json("all");

		assertThat(merged.get("source").asString()).isEqualTo("web-*");
		assertThat(merged.get("sources").toString()).isEqualTo("[\"web-01\",\"web-02\",\"web-03\"]");
		assertThat(all.get("sources").toString()).isEqualTo("[\"all\"]");
		assertThat(merged.get("lines").asLong()).isGreaterThan(8_000);
		assertThat(topPaths(merged)).isEqualTo(topPaths(all));
		for (ObjectNode report : List.of(merged, all)) {
			report.remove(List.of("source", "sources", "topPaths"));
		}
		assertThat(merged.get("days").size()).isEqualTo(2);
		assertThat(merged.get("latency")).isNotNull();
		assertThat(merged).isEqualTo(all);
	}

	@Test
	void aCommaListMergesTheSourcesItNamesAndSaysWhichOnStderr() {
		CliRun report = report("web-01, web-03", "--json");
		assertThat(report.code()).as(report.toString()).isZero();
		JsonNode merged = JsonMapper.builder().build().readTree(report.out());

		assertThat(merged.get("sources").toString()).isEqualTo("[\"web-01\",\"web-03\"]");
		assertThat(merged.get("lines").asLong())
			.isEqualTo(json("web-01").get("lines").asLong() + json("web-03").get("lines").asLong());
		assertThat(report.err()).contains("merged 2 sources: web-01, web-03");
	}

	@Test
	void theTextAndHtmlReportsNameTheMergedSources(@TempDir Path out) throws IOException {
		CliRun text = report("*-0?");
		assertThat(text.code()).as(text.toString()).isZero();
		assertThat(text.out().lines().findFirst().orElseThrow())
			.isEqualTo("logagg report of 4 sources merged (*-0?): db-01, web-01, web-02, web-03");

		Path page = out.resolve("fleet.html");
		CliRun html = report("web-*", "--html", page.toString());
		assertThat(html.code()).as(html.toString()).isZero();
		String written = Files.readString(page);
		assertThat(written).contains("<p id=\"merged-sources\">3 sources merged: web-01, web-02, web-03</p>")
			.doesNotContain("id=\"checkpoint\"");
		assertThat(ReportRenderingTest.embedded(written).get("sources").toString()).isEqualTo("[\"web-01\",\"web-02\",\"web-03\"]");
	}

	@Test
	void aGlobThatMatchesNoSourceIsRefusedWithTheSourcesThereAre() {
		CliRun report = report("api-*", "--json");

		assertThat(report.code()).isEqualTo(2);
		assertThat(report.out()).isEmpty();
		assertThat(report.err()).contains("no source in Redis matches 'api-*'; the sources are: all, db-01, web-01, web-02, web-03");
		assertThat(report("web-*", "--malformed").err()).contains("--malformed shows the samples of one source");
	}

}

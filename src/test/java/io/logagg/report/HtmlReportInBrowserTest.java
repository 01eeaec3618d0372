package io.logagg.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.logagg.bench.AccessLogGenerator;
import io.logagg.bench.LineLayout;
import io.logagg.support.CliRun;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTML report in a real headless Chromium ({@code .ci/run} installs Debian's chromium): the
 * page loads from the file alone, the charts hold the data, and a screenshot is kept in
 * {@code target/report-screenshot.png}.
 */
class HtmlReportInBrowserTest {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	@TempDir
	Path work;

	private String chromium(String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--user-data-dir=" + this.work.resolve("profile")));
		command.addAll(List.of(args));
		Path out = this.work.resolve("chromium.out");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
		if (!process.waitFor(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("chromium did not finish: " + Files.readString(out));
		}
		return Files.readString(out, StandardCharsets.UTF_8);
	}

	private static void requireChromium() {
		assertThat(CHROMIUM).as("chromium at /usr/bin/chromium (apt-get install chromium; .ci/run installs it)").isExecutable();
	}

	@Test
	void aFormatWithDurationsAndVirtualHostsShowsLatencyAndVhostsPanels() throws Exception {
		requireChromium();
		Path input = Files.createDirectories(this.work.resolve("nginx"));
		AccessLogGenerator generator = new AccessLogGenerator(5, ZonedDateTime.parse("2026-11-20T10:00:00Z"), 0.01);
		List<String> lines = new ArrayList<>();
		for (int i = 0; i < 3000; i++) {
			lines.add(LineLayout.NGINX.rewrite(generator.nextLine(), i));
		}
		Files.write(input.resolve("access.log"), lines, StandardCharsets.ISO_8859_1);
		Path data = this.work.resolve("data");
		assertThat(CliRun.of("run", "--input", input.toString(), "--source", "timed", "--format", LineLayout.NGINX.format(),
				"--redis-url", redis.url(), "--data-dir", data.toString(), "--logagg.snapshot.mode=none").code()).isZero();
		Path page = this.work.resolve("timed.html");
		assertThat(CliRun.of("report", "--html", page.toString(), "--source", "timed", "--redis-url", redis.url(), "--data-dir",
				data.toString()).code()).isZero();

		String dom = chromium("--enable-logging=stderr", "--v=0", "--dump-dom", page.toUri().toString());

		assertThat(dom).contains("id=\"card-p99\"", "id=\"panel-vhosts\"", "shop.example.com", "id=\"panel-browsers\"",
				"id=\"panel-os\"", "id=\"panel-slowPaths\"").doesNotContain("id=\"latency-box\" hidden");
		// The paths' table shows the p95 that slowPaths keeps for them.
		String paths = dom.substring(dom.indexOf("id=\"panel-paths\""), dom.indexOf("id=\"panel-static\""));
		assertThat(paths).contains("<th scope=\"col\">p95</th>").containsPattern("<td>[0-9.]+ (ms|s)</td>");
		Path screenshot = Path.of("target", "report-latency-screenshot.png").toAbsolutePath();
		Files.deleteIfExists(screenshot);
		chromium("--window-size=1100,2400", "--screenshot=" + screenshot, page.toUri().toString());
		assertThat(Files.size(screenshot)).isGreaterThan(10_000);
	}

	@Test
	void pageLoadsOfflineAndItsChartsShowTheData() throws Exception {
		requireChromium();
		Path data = this.work.resolve("data");
		assertThat(CliRun.of("run", "--input", "sample-logs", "--redis-url", redis.url(), "--data-dir", data.toString(),
				"--logagg.snapshot.mode=none").code()).isZero();
		Path page = this.work.resolve("report.html");
		CliRun report = CliRun.of("report", "--html", page.toString(), "--redis-url", redis.url(), "--data-dir",
				data.toString());
		CliRun json = CliRun.of("report", "--json", "--redis-url", redis.url(), "--data-dir", data.toString());
		assertThat(report.code()).as(report.toString()).isZero();

		String dom = chromium("--enable-logging=stderr", "--v=0", "--dump-dom", page.toUri().toString());

		// The page draws the report it holds: the cards its figures, a section per panel.
		JsonNode root = JsonMapper.builder().build().readTree(json.out());
		long perMinute = 0;
		for (JsonNode count : root.get("minutes")) {
			perMinute += count.asLong();
		}
		assertThat(perMinute).isEqualTo(root.get("lines").asLong());
		assertThat(dom).contains("id=\"card-requests\"><div class=\"label\">Requests</div><div class=\"value\">"
				+ String.format(Locale.ENGLISH, "%,d", perMinute) + "</div>");
		assertThat(dom).contains(String.format(Locale.ENGLISH, "%,d", root.get("visitors").asLong()), "/index.html",
				"access-2026-11-22.log @ ", "<canvas");
		assertThat(dom).doesNotContain("Uncaught", "Failed to load resource", "ERR_FILE_NOT_FOUND")
			.contains("id=\"problem\" class=\"problem\" role=\"alert\" hidden");
		root.get("panels").properties().forEach(panel -> assertThat(dom).contains("id=\"panel-" + panel.getKey() + "\""));
		assertThat(root.get("panels").properties()).hasSizeGreaterThan(10);
		assertThat(dom).contains("id=\"latency-box\" hidden");

		Path screenshot = Path.of("target", "report-screenshot.png").toAbsolutePath();
		Files.deleteIfExists(screenshot);
		chromium("--window-size=1100,1300", "--screenshot=" + screenshot, page.toUri().toString());
		assertThat(screenshot).exists();
		assertThat(Files.size(screenshot)).isGreaterThan(10_000);
	}

}

package io.logagg.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.logagg.support.CliRun;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.Assumptions;
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

	@Test
	void pageLoadsOfflineAndItsChartsShowTheData() throws Exception {
		Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
				"no chromium at /usr/bin/chromium (apt-get install chromium): browser check skipped");
		Path data = this.work.resolve("data");
		assertThat(CliRun.of("run", "--input", "sample-logs", "--redis-url", redis.url(), "--data-dir", data.toString(),
				"--logagg.snapshot.mode=none").code()).isZero();
		Path page = this.work.resolve("report.html");
		CliRun report = CliRun.of("report", "--html", page.toString(), "--redis-url", redis.url(), "--data-dir",
				data.toString());
		CliRun json = CliRun.of("report", "--json", "--redis-url", redis.url(), "--data-dir", data.toString());
		assertThat(report.code()).as(report.toString()).isZero();

		String dom = chromium("--enable-logging=stderr", "--v=0", "--dump-dom", page.toUri().toString());

		// The bars hold every request of the per-minute series, and the status bars every status.
		JsonNode root = JsonMapper.builder().build().readTree(json.out());
		long perMinute = 0;
		for (JsonNode count : root.get("minutes")) {
			perMinute += count.asLong();
		}
		assertThat(perMinute).isEqualTo(root.get("lines").asLong());
		assertThat(ReportRenderingTest.dataCounts(dom)).isEqualTo(perMinute);
		assertThat(dom).contains("data-status=\"200\"", "id=\"top-paths\"", "/index.html", "access-2026-11-22.log @ ");
		assertThat(dom).doesNotContain("Uncaught", "Failed to load resource", "ERR_FILE_NOT_FOUND");

		Path screenshot = Path.of("target", "report-screenshot.png").toAbsolutePath();
		Files.deleteIfExists(screenshot);
		chromium("--window-size=1100,1300", "--screenshot=" + screenshot, page.toUri().toString());
		assertThat(screenshot).exists();
		assertThat(Files.size(screenshot)).isGreaterThan(10_000);
	}

}

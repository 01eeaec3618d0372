package io.logagg.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import io.logagg.bench.AccessLogGenerator;
import io.logagg.bench.LineLayout;
import io.logagg.support.Await;
import io.logagg.support.CliRun;
import io.logagg.support.IndependentCount;
import io.logagg.support.LogaggProcess;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ScheduleCommandTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	@TempDir
	Path input;

	@TempDir
	Path data;

	@TempDir
	Path logs;

	private IndependentCount stored() {
		return redis.aggregates("default");
	}

	@Test
	void runsOnEveryTickPicksUpNewFilesAndStopsOnSigterm() throws Exception {
		new AccessLogGenerator(1, ZonedDateTime.parse("2026-11-20T00:00:00Z"), 0).write(this.input.resolve("a.log"), 2000);
		LogaggProcess schedule = LogaggProcess.start(this.logs, "schedule", "--cron", "* * * * * *", "--input",
				this.input.toString(), "--redis-url", redis.url(), "--data-dir", this.data.toString(),
				"--logagg.snapshot.mode=none");
		IndependentCount first = IndependentCount.ofFiles(List.of(this.input.resolve("a.log")));
		Await.until("the first file to be counted", TIMEOUT, () -> stored().equals(first) || !schedule.isAlive());

		new AccessLogGenerator(2, ZonedDateTime.parse("2026-11-21T00:00:00Z"), 0).write(this.input.resolve("b.log"), 1000);
		IndependentCount both = IndependentCount.ofFiles(List.of(this.input.resolve("a.log"), this.input.resolve("b.log")));
		Await.until("the new file to be counted on a later tick", TIMEOUT, () -> stored().equals(both) || !schedule.isAlive());
		schedule.terminate();

		assertThat(schedule.waitFor(TIMEOUT)).as(schedule.err()).isZero();
		assertThat(schedule.out().lines().filter(line -> line.startsWith("logagg run:")).count()).isGreaterThanOrEqualTo(2);
		assertThat(stored()).isEqualTo(both);
	}

	/**
	 * SIGHUP (a closed terminal) mid-tick stops like SIGTERM: after the current chunk, said in the
	 * log, not as an error, with the source's lock released; the next run counts the rest once.
	 */
	@Test
	void aHangupMidTickStopsAfterTheChunkReleasesTheLockAndIsNoError() throws Exception {
		new AccessLogGenerator(5, ZonedDateTime.parse("2026-11-20T00:00:00Z"), 0).write(this.input.resolve("a.log"), 200_000);
		LogaggProcess schedule = LogaggProcess.start(this.logs, "schedule", "--cron", "* * * * * *", "--input",
				this.input.toString(), "--redis-url", redis.url(), "--data-dir", this.data.toString(),
				"--logagg.snapshot.mode=none", "--logagg.chunk-size=100", "--logagg.chunk-growth=1",
				"--logagg.chunks-per-update=1");
		Await.until("a first commit", TIMEOUT, () -> redis.checkpoint("default") != null || !schedule.isAlive());
		Process hangup = new ProcessBuilder("kill", "-HUP", Long.toString(schedule.pid())).start();
		assertThat(hangup.waitFor()).isZero();

		assertThat(schedule.waitFor(TIMEOUT)).as(schedule.err()).isZero();
		assertThat(schedule.err()).contains("SIGHUP received", "stopped by a signal").doesNotContain(" ERROR ");
		assertThat(stored().lines()).as("stopped mid-file").isLessThan(200_000);
		try (var jedis = redis.jedis()) {
			assertThat(jedis.exists("logagg:{default}:lock")).as("lock released").isFalse();
		}
		CliRun rest = CliRun.of("run", "--input", this.input.toString(), "--redis-url", redis.url(), "--data-dir",
				this.data.toString(), "--logagg.snapshot.mode=none");
		assertThat(rest.code()).as(rest.toString()).isZero();
		assertThat(stored()).isEqualTo(IndependentCount.ofFiles(List.of(this.input.resolve("a.log"))));
	}

	/** Actuator on {@code --metrics-port}, the dashboard on {@code --serve}: each on its own port. */
	@Test
	void servesActuatorHealthAndPrometheusMetricsThatMoveWithTheRuns() throws Exception {
		new AccessLogGenerator(3, ZonedDateTime.parse("2026-11-20T00:00:00Z"), 0.01).write(this.input.resolve("a.log"), 2000);
		int port = io.logagg.support.ServerPorts.free();
		int dashboard = io.logagg.support.ServerPorts.free();
		LogaggProcess schedule = LogaggProcess.start(this.logs, "schedule", "--cron", "* * * * * *", "--input",
				this.input.toString(), "--redis-url", redis.url(), "--data-dir", this.data.toString(),
				"--logagg.snapshot.mode=none", "--metrics-port", Integer.toString(port), "--serve", Integer.toString(dashboard));
		HttpClient http = HttpClient.newHttpClient();
		Await.until("health UP", TIMEOUT, () -> get(http, port, "/actuator/health").contains("\"status\":\"UP\"")
				|| !schedule.isAlive());
		assertThat(get(http, port, "/actuator/health")).contains("\"redis\":{\"status\":\"UP\"}");
		Await.until("the first file in the counters", TIMEOUT,
				() -> get(http, port, "/actuator/prometheus").contains("logagg_lines_read_total{source=\"default\"} 2000.0"));

		new AccessLogGenerator(4, ZonedDateTime.parse("2026-11-21T00:00:00Z"), 0.01).write(this.input.resolve("b.log"), 1000);
		Await.until("the counters to move", TIMEOUT,
				() -> get(http, port, "/actuator/prometheus").contains("logagg_lines_read_total{source=\"default\"} 3000.0"));
		String metrics = get(http, port, "/actuator/prometheus");
		tools.jackson.databind.JsonNode report = tools.jackson.databind.json.JsonMapper.builder().build()
			.readTree(get(http, dashboard, "/api/report"));
		assertThat(report.get("lines").asLong() + report.get("malformed").asLong()).as("the dashboard's report").isEqualTo(3000);
		assertThat(get(http, dashboard, "/actuator/health")).doesNotContain("UP");
		assertThat(get(http, port, "/api/report")).doesNotContain("\"lines\"");
		schedule.terminate();

		assertThat(metrics).contains("logagg_lines_malformed_total", "logagg_bytes_read_bytes_total",
				"logagg_chunk_commit_seconds_count", "logagg_last_run_success{source=\"default\"} 1.0",
				"logagg_backlog_bytes{source=\"default\"} 0.0", "spring_batch_");
		assertThat(schedule.waitFor(TIMEOUT)).as(schedule.err()).isZero();
	}

	/**
	 * {@code schedule --all-sources --metrics-port}: each source's requests per status, response
	 * bytes and durations in Prometheus, equal to what was committed to Redis.
	 */
	@Test
	void exportsEachSourcesAggregatesToPrometheusAsTheyAreCommitted() throws Exception {
		List<String> sources = List.of("web-01", "web-02");
		List<String> args = new ArrayList<>(List.of("schedule", "--all-sources", "--cron", "* * * * * *", "--redis-url", redis.url(),
				"--data-dir", this.data.toString(), "--logagg.snapshot.mode=none", "--logagg.format=" + LineLayout.NGINX.format()));
		for (int i = 0; i < sources.size(); i++) {
			Path input = Files.createDirectories(this.input.resolve(sources.get(i)));
			new AccessLogGenerator(10 + i, ZonedDateTime.parse("2026-11-20T00:00:00Z"), 0.01).write(input.resolve("a.log"),
					1500 + 500 * i, LineLayout.NGINX);
			args.addAll(List.of("--logagg.sources[" + i + "].name=" + sources.get(i), "--logagg.sources[" + i + "].input=" + input));
		}
		int port = io.logagg.support.ServerPorts.free();
		args.addAll(List.of("--metrics-port", Integer.toString(port)));
		LogaggProcess schedule = LogaggProcess.start(this.logs, args.toArray(String[]::new));
		HttpClient http = HttpClient.newHttpClient();
		Await.until("both sources in the counters", TIMEOUT, () -> !schedule.isAlive() || sources.stream()
			.allMatch(source -> metric(get(http, port, "/actuator/prometheus"), "logagg_request_duration_seconds_count",
					"source=\"" + source + "\"") == redis.aggregates(source).lines() && redis.aggregates(source).lines() > 0));
		String metrics = get(http, port, "/actuator/prometheus");
		schedule.terminate();

		for (String source : sources) {
			IndependentCount stored = redis.aggregates(source);
			stored.status().forEach((status, count) -> assertThat(metric(metrics, "logagg_requests_total",
					"source=\"" + source + "\",status=\"" + status + "\"")).as(source + " " + status).isEqualTo(count));
			assertThat(metric(metrics, "logagg_response_bytes_total", "source=\"" + source + "\"")).isEqualTo(stored.bytes());
			assertThat(metric(metrics, "logagg_lines_read_total", "source=\"" + source + "\""))
				.isEqualTo(stored.lines() + stored.malformed());
			assertThat(metric(metrics, "logagg_request_duration_seconds_bucket", "source=\"" + source + "\",le=\"10.0\""))
				.isEqualTo(stored.lines());
		}
		assertThat(schedule.waitFor(TIMEOUT)).as(schedule.err()).isZero();
	}

	/** A sample's value, -1 if absent: {@code name{labels} value}. */
	private static long metric(String metrics, String name, String labels) {
		String prefix = name + "{" + labels + "} ";
		return metrics.lines()
			.filter(line -> line.startsWith(prefix))
			.map(line -> Math.round(Double.parseDouble(line.substring(prefix.length()))))
			.findFirst()
			.orElse(-1L);
	}

	private static String get(HttpClient http, int port, String path) {
		try {
			return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
					HttpResponse.BodyHandlers.ofString()).body();
		}
		catch (IOException ex) {
			return "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
	}

	@Test
	void invalidCronIsBadUsage() {
		CliRun run = CliRun.of("schedule", "--cron", "every five minutes", "--input", this.input.toString());
		assertThat(run.code()).isEqualTo(2);
		assertThat(run.err()).contains("invalid --cron 'every five minutes'");
	}

	@Test
	void aCronThatNeverFiresIsBadUsage() {
		CliRun run = CliRun.of("schedule", "--cron", "0 0 0 30 2 *", "--input", this.input.toString());
		assertThat(run.code()).as(run.toString()).isEqualTo(2);
		assertThat(run.err()).contains("--cron '0 0 0 30 2 *' never fires");
	}

}

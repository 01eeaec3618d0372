package io.logagg.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;

import io.logagg.bench.AccessLogGenerator;
import io.logagg.redis.RedisServerProcess;
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

	@Test
	void servesActuatorHealthAndPrometheusMetricsThatMoveWithTheRuns() throws Exception {
		new AccessLogGenerator(3, ZonedDateTime.parse("2026-11-20T00:00:00Z"), 0.01).write(this.input.resolve("a.log"), 2000);
		int port = RedisServerProcess.freePort();
		LogaggProcess schedule = LogaggProcess.start(this.logs, "schedule", "--cron", "* * * * * *", "--input",
				this.input.toString(), "--redis-url", redis.url(), "--data-dir", this.data.toString(),
				"--logagg.snapshot.mode=none", "--metrics-port", Integer.toString(port));
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
		schedule.terminate();

		assertThat(metrics).contains("logagg_lines_malformed_total", "logagg_bytes_read_bytes_total",
				"logagg_chunk_commit_seconds_count", "logagg_last_run_success{source=\"default\"} 1.0",
				"logagg_backlog_bytes{source=\"default\"} 0.0", "spring_batch_");
		assertThat(schedule.waitFor(TIMEOUT)).as(schedule.err()).isZero();
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

}

package io.logagg.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;

import io.logagg.bench.AccessLogGenerator;
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
	void invalidCronIsBadUsage() {
		CliRun run = CliRun.of("schedule", "--cron", "every five minutes", "--input", this.input.toString());
		assertThat(run.code()).isEqualTo(2);
		assertThat(run.err()).contains("invalid --cron 'every five minutes'");
	}

}

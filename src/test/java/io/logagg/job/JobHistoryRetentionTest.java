package io.logagg.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import io.logagg.bench.AccessLogGenerator;
import io.logagg.support.Await;
import io.logagg.support.CliRun;
import io.logagg.support.LogaggProcess;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The job repository stays bounded: idle ticks record nothing, and old runs are deleted. */
class JobHistoryRetentionTest {

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	@TempDir
	Path input;

	@TempDir
	Path data;

	@TempDir
	Path logs;

	private void generate(String name, long seed) throws IOException {
		new AccessLogGenerator(seed, ZonedDateTime.parse("2026-11-20T00:00:00Z"), 0).write(this.input.resolve(name), 100);
	}

	private CliRun run(String... extra) {
		List<String> args = new ArrayList<>(List.of("run", "--input", this.input.toString(), "--redis-url", redis.url(),
				"--data-dir", this.data.toString(), "--logagg.snapshot.mode=none"));
		args.addAll(List.of(extra));
		CliRun run = CliRun.of(args.toArray(String[]::new));
		assertThat(run.code()).as(run.toString()).isZero();
		return run;
	}

	private int executions() {
		CliRun status = CliRun.of("status", "--json", "--redis-url", redis.url(), "--data-dir", this.data.toString());
		JsonNode json = JsonMapper.builder().build().readTree(status.out());
		return json.get("executions").size();
	}

	@Test
	void runsBeyondKeepExecutionsAreDeletedOldestFirst() throws IOException {
		for (int i = 0; i < 4; i++) {
			generate("access-" + i + ".log", i);
			run("--logagg.history.keep-executions=2");
		}
		assertThat(executions()).isEqualTo(2);
	}

	@Test
	void theDatabaseFileStaysSmallAsRunsComeAndGo() throws IOException {
		for (int i = 0; i < 5; i++) {
			generate("access-" + i + ".log", i);
			run("--logagg.history.keep-executions=2");
		}
		// Compacted when each run closes it: uncompacted, five runs took it to 1.5 MB.
		assertThat(Files.size(this.data.resolve("jobs").resolve("logagg.mv.db"))).isLessThan(256 * 1024);
	}

	@Test
	void runsOlderThanKeepForAreDeleted() throws IOException {
		generate("a.log", 1);
		run();
		generate("b.log", 2);
		run();
		assertThat(executions()).isEqualTo(2);
		generate("c.log", 3);
		run("--logagg.history.keep-for=1ms");
		// The run that pruned may itself have ended within that millisecond.
		assertThat(executions()).as("the two earlier runs ended more than a millisecond before the prune").isLessThanOrEqualTo(1);
	}

	@Test
	void scheduleRecordsNoExecutionForAnIdleTickAndKeepsItsMetersFresh() throws Exception {
		generate("a.log", 4);
		LogaggProcess schedule = LogaggProcess.start(this.logs, "schedule", "--cron", "* * * * * *", "--input",
				this.input.toString(), "--redis-url", redis.url(), "--data-dir", this.data.toString(),
				"--logagg.snapshot.mode=none");
		Await.until("four idle ticks after the first run", Duration.ofMinutes(2),
				() -> schedule.out().lines().filter(line -> line.contains(" lines=0 ")).count() >= 4 || !schedule.isAlive());
		schedule.terminate();

		assertThat(schedule.waitFor(Duration.ofMinutes(1))).as(schedule.err()).isZero();
		assertThat(schedule.out()).contains("lines=100");
		assertThat(executions()).as("only the tick that read something").isEqualTo(1);
	}

}

package io.logagg.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import io.logagg.bench.AccessLogGenerator;
import io.logagg.checkpoint.KeyLayout;
import io.logagg.support.CliRun;
import io.logagg.support.IndependentCount;
import io.logagg.support.LogaggProcess;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run with nothing new to read ({@link IdleRun}): it starts no job, yet it persists Redis, keeps
 * to the lock, and hands anything that is not plainly idle to the job.
 */
class IdleRunTest {

	/** Persists nothing unless asked: what a test finds after a SIGKILL was saved by a run. */
	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	@TempDir
	Path input;

	@TempDir
	Path data;

	@TempDir
	Path logs;

	private Path log;

	@BeforeEach
	void writeLog() throws IOException {
		this.log = this.input.resolve("a.log");
		new AccessLogGenerator(5, ZonedDateTime.parse("2026-11-20T00:00:00Z"), 0.01).write(this.log, 3000);
	}

	private CliRun run(String... settings) {
		List<String> args = new ArrayList<>(List.of("run", "--input", this.input.toString(), "--redis-url", redis.url(),
				"--data-dir", this.data.toString()));
		args.addAll(List.of(settings));
		return CliRun.of(args.toArray(String[]::new));
	}

	/** A run in its own JVM, whose log lines (stderr) a test can read. */
	private LogaggProcess runProcess() throws IOException, InterruptedException {
		LogaggProcess process = LogaggProcess.start(this.logs, "run", "--input", this.input.toString(), "--redis-url",
				redis.url(), "--data-dir", this.data.toString());
		assertThat(process.waitFor(Duration.ofSeconds(60))).as(process.err()).isZero();
		return process;
	}

	private int executions() {
		CliRun status = CliRun.of("status", "--json", "--redis-url", redis.url(), "--data-dir", this.data.toString());
		assertThat(status.code()).as(status.toString()).isZero();
		JsonNode executions = JsonMapper.builder().build().readTree(status.out()).get("executions");
		return executions.size();
	}

	@Test
	void anIdleRunSavesWhatTheLastRunCommittedButNeverSaved() throws IOException {
		// The last run committed every chunk and ended before its snapshot step had saved anything
		// (here: snapshot mode none, on a server that saves nothing by itself). A source of its own,
		// so that no other test's RDB file holds it.
		CliRun committedOnly = run("--source", "unsaved", "--logagg.snapshot.mode=none");
		assertThat(committedOnly.code()).as(committedOnly.toString()).isZero();

		CliRun idle = run("--source", "unsaved");

		assertThat(idle.code()).as(idle.toString()).isZero();
		assertThat(idle.out()).contains("status=COMPLETED files=1 lines=0 malformed=0 bytes=0")
			.contains("checkpoint=a.log@" + Files.size(this.log));
		// SIGKILL: what comes back is what the idle run's BGSAVE wrote.
		redis.kill();
		redis.start();
		assertThat(redis.aggregates("unsaved")).isEqualTo(IndependentCount.ofFiles(List.of(this.log)));
		assertThat(redis.checkpoint("unsaved")).isEqualTo("a.log@" + Files.size(this.log));
	}

	@Test
	void anIdleRunStartsNoJobAndChangesNoAggregate() throws Exception {
		CliRun first = run();
		assertThat(first.code()).as(first.toString()).isZero();
		IndependentCount before = redis.aggregates("default");

		LogaggProcess idle = runProcess();

		assertThat(idle.out()).contains("lines=0");
		assertThat(idle.err()).contains("nothing new in 1 file(s) from a.log@");
		assertThat(executions()).as("only the first run's job").isEqualTo(1);
		assertThat(redis.aggregates("default")).isEqualTo(before);
	}

	@Test
	void anIdleRunSavesWhenNoSaveBeganAfterTheLastCommit() {
		CliRun committedOnly = run("--logagg.snapshot.mode=none");
		assertThat(committedOnly.code()).as(committedOnly.toString()).isZero();
		long savesBefore = redis.persistenceCounter("rdb_saves");

		CliRun idle = run();

		assertThat(idle.code()).as(idle.toString()).isZero();
		assertThat(idle.out()).contains("lines=0");
		assertThat(redis.persistenceCounter("rdb_saves")).as("one BGSAVE, verified").isEqualTo(savesBefore + 1);
		try (Jedis jedis = redis.jedis()) {
			long now = Long.parseLong(jedis.time().get(0));
			assertThat(Long.parseLong(jedis.hget(new KeyLayout("default").checkpoint(), "committed")))
				.as("the commit's time, on Redis's clock")
				.isBetween(now - 60, now);
		}
	}

	@Test
	void anIdleRunSkipsTheSaveWhenASaveBegunAfterTheLastCommitHoldsIt() {
		CliRun first = run();
		assertThat(first.code()).as(first.toString()).isZero();
		try (Jedis jedis = redis.jedis()) {
			// As if the last commit had come a while before the first run's BGSAVE, as it does for
			// every tick after the one that saved it.
			long now = Long.parseLong(jedis.time().get(0));
			jedis.hset(new KeyLayout("default").checkpoint(), "committed", Long.toString(now - 100));
		}
		long savesBefore = redis.persistenceCounter("rdb_saves");

		CliRun idle = run();

		assertThat(idle.code()).as(idle.toString()).isZero();
		assertThat(idle.out()).contains("status=COMPLETED files=1 lines=0");
		assertThat(redis.persistenceCounter("rdb_saves")).as("no BGSAVE").isEqualTo(savesBefore);
	}

	@Test
	void anIdleRunOfALockedSourceExitsThreeAndTouchesNothing() {
		CliRun first = run();
		assertThat(first.code()).as(first.toString()).isZero();
		long savesBefore = redis.persistenceCounter("rdb_saves");
		try (Jedis jedis = redis.jedis()) {
			jedis.set(new KeyLayout("default").lock(), "token 1@another-host");
		}

		CliRun idle = run();

		assertThat(idle.code()).as(idle.toString()).isEqualTo(3);
		assertThat(idle.out()).isEmpty();
		assertThat(redis.persistenceCounter("rdb_saves")).isEqualTo(savesBefore);
	}

	@Test
	void anUnfinishedLastLineIsNothingNewUntilItEnds() throws IOException {
		CliRun first = run();
		assertThat(first.code()).as(first.toString()).isZero();
		String line = "10.0.0.1 - - [20/Nov/2026:10:00:00 +0000] \"GET /late HTTP/1.1\" 200 512 \"-\" \"curl\"";
		Files.writeString(this.log, line.substring(0, 30), StandardCharsets.US_ASCII, StandardOpenOption.APPEND);

		CliRun partial = run();
		assertThat(partial.code()).as(partial.toString()).isZero();
		assertThat(partial.out()).contains("lines=0");
		assertThat(executions()).as("the partial line started no job").isEqualTo(1);

		Files.writeString(this.log, line.substring(30) + "\n", StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
		CliRun ended = run();
		assertThat(ended.code()).as(ended.toString()).isZero();
		assertThat(ended.out()).contains("lines=1 malformed=0");
		assertThat(executions()).isEqualTo(2);
		assertThat(redis.aggregates("default")).isEqualTo(IndependentCount.ofFiles(List.of(this.log)));
	}

	@Test
	void aRewrittenFileGoesToTheJobWhichWarnsOnce() throws Exception {
		CliRun first = run();
		assertThat(first.code()).as(first.toString()).isZero();
		// copytruncate: the file starts again, shorter than the checkpoint.
		new AccessLogGenerator(6, ZonedDateTime.parse("2026-11-21T00:00:00Z"), 0).write(this.log, 10);

		LogaggProcess reread = runProcess();

		assertThat(reread.out()).contains("lines=10 malformed=0");
		assertThat(reread.err().split("was truncated or replaced", -1)).as(reread.err()).hasSize(2);
	}

	@Test
	void aSaveThatDoesNotEndInTimeFailsTheIdleRunWithExitOne() {
		// No save after the commit, so that the idle run has to save.
		CliRun first = run("--logagg.snapshot.mode=none");
		assertThat(first.code()).as(first.toString()).isZero();
		try (Jedis jedis = redis.jedis()) {
			// Slows every key's save down (a Redis setting meant for tests): ours cannot end in time.
			jedis.configSet("rdb-key-save-delay", "100000");
			try {
				CliRun idle = run("--logagg.snapshot.timeout=300ms");

				assertThat(idle.code()).as(idle.toString()).isEqualTo(1);
				assertThat(idle.out()).contains("status=FAILED files=1 lines=0");
				assertThat(idle.err()).contains("Timed out after", "logagg.snapshot.timeout");
			}
			finally {
				jedis.configSet("rdb-key-save-delay", "0");
				// Ends the slow save's child process.
				jedis.flushAll();
			}
		}
	}

}

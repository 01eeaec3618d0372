package io.logagg.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import io.logagg.bench.AccessLogGenerator;
import io.logagg.support.CliRun;
import io.logagg.support.IndependentCount;
import io.logagg.support.RedisAggregates;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

/** The last step of the job, against real servers whose persistence the tests control. */
class SnapshotStepTest {

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	@RegisterExtension
	static RedisServerExtension managedRedis = new RedisServerExtension("--save", "", "--appendonly", "no",
			"--rename-command", "CONFIG", "");

	@TempDir
	Path input;

	@TempDir
	Path data;

	@BeforeEach
	void writeLogs() throws IOException {
		new AccessLogGenerator(11, ZonedDateTime.parse("2026-11-20T00:00:00Z"), 0.01).write(this.input.resolve("a.log"), 2500);
	}

	private CliRun run(RedisServerExtension server, String... settings) {
		List<String> args = new ArrayList<>(List.of("run", "--input", this.input.toString(), "--redis-url", server.url(),
				"--data-dir", this.data.toString()));
		args.addAll(List.of(settings));
		return CliRun.of(args.toArray(String[]::new));
	}

	@Test
	void bgsaveWritesAnRdbThatReloadsTheSameCheckpointAndAggregates() throws IOException {
		CliRun run = run(redis, "--logagg.snapshot.mode=bgsave");
		assertThat(run.code()).as(run.toString()).isZero();
		IndependentCount before;
		String checkpointBefore;
		try (Jedis jedis = redis.jedis()) {
			before = RedisAggregates.read(jedis, "default");
			checkpointBefore = RedisAggregates.checkpoint(jedis, "default");
		}
		assertThat(Files.exists(redis.directory().resolve("dump.rdb"))).isTrue();

		// SIGKILL: the server saves nothing on the way out, and it has no AOF, so whatever
		// comes back was in the RDB file the step waited for.
		redis.kill();
		redis.start();

		try (Jedis jedis = redis.jedis()) {
			assertThat(RedisAggregates.checkpoint(jedis, "default")).isEqualTo(checkpointBefore).isNotNull();
			assertThat(RedisAggregates.read(jedis, "default")).isEqualTo(before);
		}
		assertThat(before).isEqualTo(IndependentCount.ofFiles(List.of(this.input.resolve("a.log"))));
	}

	@Test
	void bgsaveWaitsForASaveAlreadyRunningAndSavesAgain() throws IOException {
		long savesBefore;
		try (Jedis jedis = redis.jedis()) {
			for (int i = 0; i < 5; i++) {
				jedis.set("filler:" + i, "x");
			}
			// Slow saves down (a Redis setting meant for tests) so that ours starts while one runs.
			jedis.configSet("rdb-key-save-delay", "100000");
			savesBefore = saves(jedis);
			jedis.bgsave();
		}
		CliRun run = run(redis, "--logagg.snapshot.mode=bgsave");
		try (Jedis jedis = redis.jedis()) {
			jedis.configSet("rdb-key-save-delay", "0");
			assertThat(run.code()).as(run.toString()).isZero();
			assertThat(saves(jedis)).as("the running save, then ours").isEqualTo(savesBefore + 2);
			assertThat(jedis.info("persistence")).contains("rdb_last_bgsave_status:ok");
		}
	}

	@Test
	void policyModeAppliesTheSavePolicyAndReadsItBack() {
		CliRun run = run(redis, "--logagg.snapshot.mode=policy");
		assertThat(run.code()).as(run.toString()).isZero();
		try (Jedis jedis = redis.jedis()) {
			assertThat(jedis.configGet("save")).containsEntry("save", "900 1 300 10 60 10000");
		}

		CliRun custom = run(redis, "--logagg.snapshot.mode=policy", "--logagg.snapshot.save-policy=120   5");
		assertThat(custom.code()).as(custom.toString()).isZero();
		try (Jedis jedis = redis.jedis()) {
			assertThat(jedis.configGet("save")).containsEntry("save", "120 5");
		}
	}

	@Test
	void policyModeExplainsAServerThatRefusesConfig() {
		CliRun run = run(managedRedis, "--logagg.snapshot.mode=policy");

		assertThat(run.code()).isEqualTo(1);
		assertThat(run.err()).contains("refused CONFIG").contains("logagg.snapshot.mode=none");
		assertThat(run.err().lines()).hasSize(1);
		// The aggregate step committed before the snapshot step failed: the data is there.
		try (Jedis jedis = managedRedis.jedis()) {
			assertThat(RedisAggregates.checkpoint(jedis, "default")).startsWith("a.log@");
		}
	}

	@Test
	void aofModeTurnsOnTheAppendOnlyFileAndChecksIt() {
		CliRun run = run(redis, "--logagg.snapshot.mode=aof", "--logagg.snapshot.aof-rewrite=true");

		assertThat(run.code()).as(run.toString()).isZero();
		try (Jedis jedis = redis.jedis()) {
			assertThat(jedis.configGet("appendonly")).containsEntry("appendonly", "yes");
			assertThat(jedis.configGet("appendfsync")).containsEntry("appendfsync", "everysec");
			assertThat(jedis.info("persistence")).contains("aof_enabled:1", "aof_last_bgrewrite_status:ok",
					"aof_last_write_status:ok");
			jedis.configSet("appendonly", "no");
		}
		CliRun status = CliRun.of("status", "--redis-url", redis.url(), "--data-dir", this.data.toString());
		assertThat(status.out()).contains("AOF on, appendfsync everysec, rewritten, status ok");
	}

	@Test
	void noneModeSkipsPersistence() {
		CliRun run = run(redis, "--logagg.snapshot.mode=none");
		assertThat(run.code()).as(run.toString()).isZero();
		try (Jedis jedis = redis.jedis()) {
			assertThat(saves(jedis)).isZero();
		}
	}

	private static long saves(Jedis jedis) {
		return redis.persistenceCounter("rdb_saves");
	}

}

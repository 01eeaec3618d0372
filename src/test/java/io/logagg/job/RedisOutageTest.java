package io.logagg.job;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.logagg.support.Await;
import io.logagg.support.CliRun;
import io.logagg.support.DataSet;
import io.logagg.support.IndependentCount;
import io.logagg.support.LogaggProcess;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The Redis process killed under a running job: what its files keep is always a chunk boundary. */
class RedisOutageTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(120);

	/** Snapshots every second while anything changed; no AOF. */
	@RegisterExtension
	static RedisServerExtension rdbRedis = new RedisServerExtension("--save", "1 1", "--appendonly", "no");

	/** Every write fsynced to the AOF before it is acknowledged. */
	@RegisterExtension
	static RedisServerExtension aofRedis = new RedisServerExtension("--save", "", "--appendonly", "yes", "--appendfsync",
			"always");

	/** AOF fsynced every second, as most production servers run. */
	@RegisterExtension
	static RedisServerExtension everysecRedis = new RedisServerExtension("--save", "", "--appendonly", "yes",
			"--appendfsync", "everysec");

	@TempDir
	static Path input;

	static List<Path> files;

	static IndependentCount all;

	@TempDir
	Path data;

	@TempDir
	Path logs;

	@BeforeAll
	static void generate() throws IOException {
		files = DataSet.generate(input, 2, 50_000);
		all = IndependentCount.ofFiles(files);
	}

	private String[] args(RedisServerExtension redis, String command, String... extra) {
		List<String> args = redis.command(command, this.data, "--logagg.chunk-size=20", "--logagg.chunk-growth=1");
		if (command.equals("run")) {
			args.addAll(List.of("--input", input.toString()));
		}
		args.addAll(List.of(extra));
		return args.toArray(String[]::new);
	}

	private static IndependentCount stored(RedisServerExtension redis) {
		return redis.aggregates("default");
	}

	private static String checkpoint(RedisServerExtension redis) {
		return redis.checkpoint("default");
	}

	private static long rdbSaves(RedisServerExtension redis) {
		return redis.persistenceCounter("rdb_saves");
	}

	private static boolean saveInProgress(RedisServerExtension redis) {
		return redis.persistenceCounter("rdb_bgsave_in_progress") == 1;
	}

	@Test
	void redisKilledMidRunComesBackFromItsRdbAtAChunkBoundaryAndRestartFinishes() throws Exception {
		// A chunk a line: the run must still be going when the snapshot awaited below is taken (with
		// the panels folded, 10-line chunks could finish all 100,000 lines first).
		LogaggProcess run = LogaggProcess.start(this.logs,
				args(rdbRedis, "run", "--logagg.redis.retry.max-attempts=1", "--logagg.chunk-size=1", "--logagg.chunk-growth=1"));
		// A save that is running when the first checkpoint appears forked before it: wait for one
		// that starts later, so that the RDB file holds a checkpoint.
		Await.until("a checkpoint and no save running", TIMEOUT,
				() -> (checkpoint(rdbRedis) != null && !saveInProgress(rdbRedis)) || !run.isAlive());
		long saves = rdbSaves(rdbRedis);
		Await.until("a snapshot taken after it", TIMEOUT, () -> rdbSaves(rdbRedis) > saves || !run.isAlive());
		assertThat(run.isAlive()).as("run still going").isTrue();

		rdbRedis.kill();

		assertThat(run.waitFor(TIMEOUT)).isEqualTo(1);
		List<String> errors = run.err().lines().filter(line -> line.startsWith("logagg:")).toList();
		assertThat(errors).as(run.err()).hasSize(1);
		assertThat(run.err()).doesNotContain("\tat ");

		rdbRedis.start();
		// Normally the RDB holds a checkpoint from the middle of the run; should a save have been
		// cut short by the kill, it may hold none, and then it must hold no aggregates either.
		String recovered = checkpoint(rdbRedis);
		String[] position = (recovered != null) ? recovered.split("@") : new String[] { "", "0" };
		assertThat(stored(rdbRedis)).isEqualTo(DataSet.countBefore(files, position[0], Long.parseLong(position[1])));

		CliRun restart = CliRun.of(args(rdbRedis, "restart"));
		assertThat(restart.code()).as(restart.toString()).isZero();
		assertThat(stored(rdbRedis)).isEqualTo(all);
	}

	@Test
	void redisKilledMidRunComesBackFromItsAppendOnlyFileAtAChunkBoundary() throws Exception {
		LogaggProcess run = LogaggProcess.start(this.logs,
				args(everysecRedis, "run", "--logagg.redis.retry.max-attempts=1", "--logagg.chunk-size=10", "--logagg.chunk-growth=1"));
		Await.until("the run to commit", TIMEOUT, () -> {
			IndependentCount stored = stored(everysecRedis);
			return stored.lines() + stored.malformed() >= 20_000 || !run.isAlive();
		});
		assertThat(run.isAlive()).as("run still going").isTrue();

		everysecRedis.kill();
		assertThat(run.waitFor(TIMEOUT)).isEqualTo(1);
		// Up to a second of writes may be gone, and the AOF may end in a torn MULTI/EXEC block,
		// which Redis drops on load (aof-load-truncated): what remains is a chunk boundary.
		everysecRedis.start();

		String recovered = checkpoint(everysecRedis);
		assertThat(recovered).isNotNull();
		String[] position = recovered.split("@");
		assertThat(stored(everysecRedis)).isEqualTo(DataSet.countBefore(files, position[0], Long.parseLong(position[1])));
		CliRun restart = CliRun.of(args(everysecRedis, "restart"));
		assertThat(restart.code()).as(restart.toString()).isZero();
		assertThat(stored(everysecRedis)).isEqualTo(all);
	}

	@Test
	void aShortOutageIsRetriedAndNoChunkIsCountedTwice() throws Exception {
		LogaggProcess run = LogaggProcess.start(this.logs, args(aofRedis, "run", "--logagg.redis.retry.max-attempts=40",
				"--logagg.redis.retry.initial-backoff=20ms", "--logagg.redis.retry.max-backoff=300ms"));
		Await.until("the run to commit", TIMEOUT, () -> {
			IndependentCount stored = stored(aofRedis);
			return stored.lines() + stored.malformed() >= 5_000 || !run.isAlive();
		});
		assertThat(run.isAlive()).as("run still going").isTrue();

		aofRedis.kill();
		aofRedis.start();

		assertThat(run.waitFor(TIMEOUT)).as(run.err()).isZero();
		assertThat(run.err()).contains("Redis failed during");
		assertThat(stored(aofRedis)).isEqualTo(all);
	}

}

package io.logagg.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;

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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real processes killed at the worst moments: the job JVM (SIGKILL, SIGTERM), two runs at once.
 * Every test ends by comparing Redis with an independent count of the lines.
 */
class CrashRecoveryTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(120);

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

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
		files = DataSet.generate(input, 4, 50_000);
		all = IndependentCount.ofFiles(files);
	}

	private List<String> args(String command, String source, String... extra) {
		List<String> args = redis.command(command, this.data, "--source", source);
		if (command.equals("run") || command.equals("schedule")) {
			args.addAll(List.of("--input", input.toString()));
		}
		args.addAll(List.of(extra));
		return args;
	}

	private LogaggProcess launch(String command, String source, String... extra) throws IOException {
		return LogaggProcess.start(this.logs, args(command, source, extra).toArray(String[]::new));
	}

	private CliRun inProcess(String command, String source, String... extra) {
		return CliRun.of(args(command, source, extra).toArray(String[]::new));
	}

	private static IndependentCount stored(String source) {
		return redis.aggregates(source);
	}

	private static String checkpoint(String source) {
		return redis.checkpoint(source);
	}

	/** Lines committed so far, for polling. */
	private static long committed(String source) {
		IndependentCount count = stored(source);
		return count.lines() + count.malformed();
	}

	private static IndependentCount countBeforeCheckpoint(String source) throws IOException {
		String[] position = checkpoint(source).split("@");
		return DataSet.countBefore(files, position[0], Long.parseLong(position[1]));
	}

	@Test
	void killedFiveTimesAtRandomMomentsThenRunToTheEndCountsEveryLineOnce() throws Exception {
		long seed = 20261124L;
		SplittableRandom random = new SplittableRandom(seed);
		for (int kill = 1; kill <= 5; kill++) {
			long before = committed("torture");
			long chunks = random.nextLong(3, 30);
			LogaggProcess process = launch("run", "torture");
			Await.until("the run to commit " + chunks + " chunks", TIMEOUT,
					() -> committed("torture") >= before + chunks * 1000 || !process.isAlive());
			assertThat(process.isAlive()).as("run %d still going when killed", kill).isTrue();
			process.kill();
			System.out.printf("seed %d: kill %d after >= %d chunks, checkpoint %s%n", seed, kill, chunks,
					checkpoint("torture"));
			// Between two kills Redis holds exactly the lines before its checkpoint.
			assertThat(stored("torture")).isEqualTo(countBeforeCheckpoint("torture"));
			// The next launch takes over the killed run's lock at once: its pid is gone.
		}

		CliRun last = inProcess("run", "torture");
		CliRun reference = inProcess("run", "reference");

		assertThat(last.code()).as(last.toString()).isZero();
		assertThat(reference.code()).as(reference.toString()).isZero();
		assertThat(stored("torture")).isEqualTo(stored("reference")).isEqualTo(all);
		JsonNode status = JsonMapper.builder().build().readTree(inProcess("status", "torture", "--json").out());
		assertThat(status.get("file").asString()).isEqualTo("access-3.log");
		assertThat(status.get("offset").asLong()).isEqualTo(Files.size(files.get(3)));
		assertThat(status.get("executions").findValuesAsString("status")).doesNotContain("STARTED");
	}

	@Test
	void restartAfterKillRecoversTheAbandonedExecutionAndCompletes() throws Exception {
		Instant launched = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		LogaggProcess process = launch("run", "restarted");
		Await.until("the run to commit", TIMEOUT, () -> committed("restarted") >= 20_000 || !process.isAlive());
		process.kill();

		CliRun restart = inProcess("restart", "restarted");

		assertThat(restart.code()).as(restart.toString()).isZero();
		assertThat(stored("restarted")).isEqualTo(all);
		JsonNode status = JsonMapper.builder().build().readTree(inProcess("status", "restarted", "--json").out());
		JsonNode executions = status.get("executions");
		assertThat(executions.get(0).get("status").asString()).isEqualTo("COMPLETED");
		assertThat(executions.get(1).get("status").asString()).as("the killed one, recovered").isEqualTo("FAILED");
		// Instants, like the checkpoint's "updated": the job repository's local times with their zone.
		assertThat(Instant.parse(executions.get(1).get("start").asString())).isBetween(launched, Instant.now());
		assertThat(Instant.parse(executions.get(0).get("end").asString())).isBetween(launched, Instant.now());
	}

	@Test
	void secondRunOfTheSameSourceExitsThreeAndTouchesNothing() throws Exception {
		LogaggProcess first = launch("run", "single", "--logagg.chunk-size=20", "--logagg.chunk-growth=1");
		Await.until("the first run to commit", TIMEOUT, () -> committed("single") > 0 || !first.isAlive());

		CliRun second = inProcess("run", "single");

		assertThat(first.isAlive()).as("first run still going").isTrue();
		assertThat(second.code()).as(second.toString()).isEqualTo(3);
		assertThat(second.err()).contains("source 'single' is locked by another logagg run (pid " + first.pid());
		assertThat(second.err().lines()).hasSize(1);
		assertThat(first.waitFor(TIMEOUT)).as(first.err()).isZero();
		assertThat(stored("single")).isEqualTo(all);
	}

	@Test
	void withoutTheLockTheCheckpointGuardStillRefusesDoubleCounting() throws Exception {
		LogaggProcess first = launch("run", "unlocked", "--logagg.chunk-size=20", "--logagg.chunk-growth=1", "--logagg.lock.enabled=false");
		Await.until("the first run to commit", TIMEOUT, () -> committed("unlocked") > 0 || !first.isAlive());

		CliRun second = inProcess("run", "unlocked", "--logagg.chunk-size=20", "--logagg.chunk-growth=1", "--logagg.lock.enabled=false");
		int firstCode = first.waitFor(TIMEOUT);

		// Both read from wherever the checkpoint was; whichever commits second is refused.
		assertThat(List.of(firstCode, second.code())).as(first.err() + second).contains(1);
		assertThat(first.err() + second.err()).contains("moved").contains("nothing of this chunk was applied");
		assertThat(stored("unlocked")).isEqualTo(countBeforeCheckpoint("unlocked"));
		CliRun last = inProcess("run", "unlocked");
		assertThat(last.code()).as(last.toString()).isZero();
		assertThat(stored("unlocked")).isEqualTo(all);
	}

	@Test
	void sigtermStopsAfterTheCurrentChunkAndTheNextRunFinishes() throws Exception {
		LogaggProcess process = launch("run", "stopped", "--logagg.chunk-size=20", "--logagg.chunk-growth=1");
		Await.until("the run to commit", TIMEOUT, () -> committed("stopped") >= 2_000 || !process.isAlive());

		process.terminate();

		assertThat(process.waitFor(TIMEOUT)).as(process.err()).isEqualTo(143);
		assertThat(process.out()).contains("status=STOPPED");
		assertThat(stored("stopped")).isEqualTo(countBeforeCheckpoint("stopped"));
		assertThat(stored("stopped").lines()).isLessThan(all.lines());
		JsonNode status = JsonMapper.builder().build().readTree(inProcess("status", "stopped", "--json").out());
		assertThat(status.get("executions").get(0).get("status").asString()).isEqualTo("STOPPED");

		CliRun next = inProcess("run", "stopped");
		assertThat(next.code()).as(next.toString()).isZero();
		assertThat(stored("stopped")).isEqualTo(all);
	}

}

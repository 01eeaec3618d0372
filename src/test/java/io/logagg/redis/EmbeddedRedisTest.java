package io.logagg.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.logagg.support.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** With no Redis configured, logagg runs its own, and its data outlives the process. */
class EmbeddedRedisTest {

	@TempDir
	Path data;

	@Test
	void runsAPrivateRedisWhoseDataPersistsBetweenRuns() {
		CliRun run = CliRun.of("run", "--input", "sample-logs", "--data-dir", this.data.toString());
		assertThat(run.code()).as(run.toString()).isZero();
		assertThat(run.out()).contains("status=COMPLETED files=3");
		assertThat(this.data.resolve("redis").resolve(EmbeddedRedis.STATE_FILE)).as("server shut down").doesNotExist();

		CliRun again = CliRun.of("run", "--input", "sample-logs", "--data-dir", this.data.toString());
		assertThat(again.out()).as("the checkpoint survived").contains("files=1 lines=0 malformed=0");

		CliRun status = CliRun.of("status", "--data-dir", this.data.toString());
		assertThat(status.out()).contains("checkpoint access-2026-11-22.log @");
		assertThat(status.out()).contains("COMPLETED");
	}

	@Test
	void aCommandDuringAnotherSharesTheServerAndLeavesItRunning() throws Exception {
		// A long run holds the embedded server; status meanwhile must not stop it under the run.
		java.nio.file.Path input = this.data.resolve("input");
		io.logagg.support.DataSet.generate(Files.createDirectories(input), 3, 60_000);
		io.logagg.support.LogaggProcess run = io.logagg.support.LogaggProcess.start(Files.createDirectories(this.data.resolve("logs")),
				"run", "--input", input.toString(), "--data-dir", this.data.toString(), "--logagg.chunk-size=10", "--logagg.chunk-growth=1",
				"--logagg.snapshot.mode=none", "--logagg.panel.names=");
		Path state = this.data.resolve("redis").resolve(EmbeddedRedis.STATE_FILE);
		io.logagg.support.Await.until("the run's first checkpoint", java.time.Duration.ofSeconds(60),
				() -> !run.isAlive() || (Files.exists(state) && checkpointIn(state) != null));

		CliRun status = CliRun.of("status", "--json", "--data-dir", this.data.toString());
		boolean runningAfterStatus = run.isAlive();

		assertThat(status.code()).as(status.toString()).isZero();
		assertThat(status.out()).contains("\"file\":\"access-");
		assertThat(runningAfterStatus).as("the run outlived the status command").isTrue();
		assertThat(run.waitFor(java.time.Duration.ofSeconds(120))).as(run.err()).isZero();
		assertThat(run.out()).contains("status=COMPLETED files=3 lines=");
		assertThat(this.data.resolve("redis").resolve(EmbeddedRedis.STATE_FILE)).doesNotExist();
	}

	/** The checkpoint's file in the embedded server named by the state file, or null. */
	private static String checkpointIn(Path state) {
		try {
			int port = Integer.parseInt(Files.readString(state).trim().split(" ")[1]);
			try (redis.clients.jedis.Jedis jedis = new redis.clients.jedis.Jedis("127.0.0.1", port)) {
				jedis.auth(EmbeddedRedis.password(state.getParent()));
				return jedis.hget("logagg:{default}:checkpoint", "file");
			}
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	@Test
	void usesAndThenStopsAServerThatAKilledRunLeftBehind() throws IOException {
		Path directory = this.data.resolve("redis");
		EmbeddedRedis orphan = EmbeddedRedis.start(directory);
		String[] pidAndPort = Files.readString(directory.resolve(EmbeddedRedis.STATE_FILE)).trim().split(" ");
		long pid = Long.parseLong(pidAndPort[0]);
		// The run that started it was killed: its registration names a process that is gone.
		try (var users = Files.list(directory.resolve("users"))) {
			for (Path user : users.toList()) {
				Files.move(user, user.resolveSibling(deadPid() + "-killed"));
			}
		}

		CliRun run = CliRun.of("run", "--input", "sample-logs", "--data-dir", this.data.toString());

		assertThat(run.code()).as(run.toString()).isZero();
		assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
		assertThat(orphan.port()).isPositive();
	}

	/** Another user of the machine can neither reach the private Redis nor read its files or its password. */
	@Test
	void anotherUserIsRefusedByThePrivateRedisAndItsFiles() throws Exception {
		Files.setPosixFilePermissions(this.data, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
		Path directory = this.data.resolve("redis");
		EmbeddedRedis redis = EmbeddedRedis.start(directory);
		try {
			assertThat(Files.getPosixFilePermissions(directory)).isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
			assertThat(Files.getPosixFilePermissions(directory.resolve(EmbeddedRedis.CONFIG_FILE)))
				.isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
			assertThat(ProcessHandle.of(redisPid(directory)).flatMap(h -> h.info().commandLine()).orElse(""))
				.as("no password on the command line").doesNotContain(redis.password());

			String ping = asNobody("redis-cli", "-p", Integer.toString(redis.port()), "PING");
			assertThat(ping).contains("NOAUTH").doesNotContain("PONG");
			String set = asNobody("redis-cli", "-p", Integer.toString(redis.port()), "HINCRBY", "logagg:{default}:totals", "lines", "1");
			assertThat(set).contains("NOAUTH");
			assertThat(asNobody("cat", directory.resolve(EmbeddedRedis.CONFIG_FILE).toString())).contains("Permission denied");
			assertThat(asNobody("ls", directory.toString())).contains("Permission denied");
			assertThat(RedisServerProcess.ping(redis.port(), redis.password())).as("its owner gets in").isTrue();
		}
		finally {
			redis.stop();
		}
	}

	private static long redisPid(Path directory) throws IOException {
		return Long.parseLong(Files.readString(directory.resolve(EmbeddedRedis.STATE_FILE)).trim().split(" ")[0]);
	}

	/** Runs a command as the user nobody (as root, with setpriv), returning what it printed. */
	private static String asNobody(String... command) throws Exception {
		java.util.List<String> args = new java.util.ArrayList<>(
				java.util.List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all"));
		args.addAll(java.util.List.of(command));
		Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
		return output;
	}

	@Test
	void twoUsersInOneProcessShareTheServerUntilTheLastStops() throws IOException {
		// A run's Redis-only context and its job's context overlap while the job starts.
		Path directory = this.data.resolve("redis");
		EmbeddedRedis first = EmbeddedRedis.start(directory);
		EmbeddedRedis second = EmbeddedRedis.start(directory);
		assertThat(second.port()).as("the running server, not a second one").isEqualTo(first.port());

		first.stop();
		assertThat(RedisServerProcess.ping(second.port(), second.password())).as("still serving the second user").isTrue();

		second.stop();
		assertThat(directory.resolve(EmbeddedRedis.STATE_FILE)).as("stopped by the last user").doesNotExist();
		assertThat(RedisServerProcess.ping(second.port(), second.password())).isFalse();
	}

	private static long deadPid() throws IOException {
		Process process = new ProcessBuilder("true").start();
		try {
			process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
		return process.pid();
	}

}

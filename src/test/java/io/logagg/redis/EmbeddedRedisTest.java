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
	void usesAndThenStopsAServerThatAKilledRunLeftBehind() throws IOException {
		Path directory = this.data.resolve("redis");
		EmbeddedRedis orphan = EmbeddedRedis.start(directory);
		String[] pidAndPort = Files.readString(directory.resolve(EmbeddedRedis.STATE_FILE)).trim().split(" ");
		long pid = Long.parseLong(pidAndPort[0]);

		CliRun run = CliRun.of("run", "--input", "sample-logs", "--data-dir", this.data.toString());

		assertThat(run.code()).as(run.toString()).isZero();
		assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
		assertThat(orphan.port()).isPositive();
	}

}

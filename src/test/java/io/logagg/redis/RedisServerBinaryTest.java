package io.logagg.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class RedisServerBinaryTest {

	@TempDir
	Path directory;

	@Test
	void bundledBinaryRunsOnAMachineWithoutRedisServer() throws IOException {
		Path binary = RedisServerBinary.bundled(this.directory.resolve("bin"));
		assertThat(Files.isExecutable(binary)).isTrue();
		try (RedisServerProcess server = RedisServerProcess
			.startOnFreePort((port) -> new RedisServerProcess(binary, this.directory.resolve("data"), port, List.of("--save", "")))) {
			assertThat(RedisServerProcess.ping(server.port())).isTrue();
		}
		assertThat(RedisServerBinary.bundled(this.directory.resolve("bin"))).as("extracted once").isEqualTo(binary);
	}

}

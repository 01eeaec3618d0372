package io.logagg.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** A server whose port another process took meanwhile says why, and is started on another port. */
class RedisServerProcessTest {

	@TempDir
	Path directory;

	@Test
	void aTakenPortIsNamedAsTheReasonTheServerStopped() throws IOException {
		Path binary = RedisServerBinary.locate(this.directory.resolve("bin"));
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			RedisServerProcess server = new RedisServerProcess(binary, this.directory.resolve("data"), taken.getLocalPort(),
					List.of("--save", ""));
			assertThatExceptionOfType(RedisServerProcess.PortTakenException.class).isThrownBy(server::start)
				.withMessageContaining("Failed listening on port " + taken.getLocalPort());
		}
	}

	@Test
	void aServerWhosePortWasTakenStartsOnAnother() throws IOException {
		Path binary = RedisServerBinary.locate(this.directory.resolve("bin"));
		List<Integer> tried = new ArrayList<>();
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				RedisServerProcess server = RedisServerProcess.startOnFreePort((port) -> {
					tried.add(port);
					int chosen = (tried.size() == 1) ? taken.getLocalPort() : port;
					return new RedisServerProcess(binary, this.directory.resolve("data"), chosen, List.of("--save", ""));
				})) {
			assertThat(tried).hasSize(2);
			assertThat(server.port()).isNotEqualTo(taken.getLocalPort());
			assertThat(RedisServerProcess.ping(server.port())).isTrue();
		}
	}

}

package io.logagg.support;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServerPortsTest {

	@Test
	void aServersPortCanBeListenedOnAndNoOutgoingConnectionIsGivenIt() throws Exception {
		Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
		int ephemeral = Files.isReadable(range) ? Integer.parseInt(Files.readString(range).trim().split("\\s+")[0]) : 49_152;
		for (int i = 0; i < 20; i++) {
			int port = ServerPorts.free();
			if (ephemeral - 10_000 >= 1000) {
				assertThat(port).isBetween(10_000, ephemeral - 1);
			}
			try (ServerSocket socket = new ServerSocket()) {
				socket.setReuseAddress(true);
				socket.bind(new InetSocketAddress("127.0.0.1", port));
				assertThat(socket.getLocalPort()).isEqualTo(port);
			}
		}
	}

}

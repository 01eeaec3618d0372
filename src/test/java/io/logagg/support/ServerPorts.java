package io.logagg.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the web servers a test starts in another process: free a moment ago, and below the
 * kernel's range of ephemeral ports, from which every process's outgoing connections take theirs.
 * A port of that range found free, released, then handed to {@code serve} was taken meanwhile by a
 * connection of the other test fork ("Port 34349 is already in use", a CI run of 2026-12-07).
 */
public final class ServerPorts {

	/** The lowest port tried: below it lie well-known services' ports. */
	private static final int LOWEST = 10_000;

	private ServerPorts() {
	}

	/** A port free on every address a moment ago, outside the ephemeral range where it has room. */
	public static int free() throws IOException {
		int below = ephemeralStart();
		for (int attempt = 0; below - LOWEST >= 1000 && attempt < 200; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
			if (bindable(port)) {
				return port;
			}
		}
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static boolean bindable(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** The first ephemeral port (Linux's {@code ip_local_port_range}), or IANA's 49152 elsewhere. */
	private static int ephemeralStart() {
		try {
			return Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+")[0]);
		}
		catch (IOException | RuntimeException ex) {
			return 49_152;
		}
	}

}

package io.logagg.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The private Redis logagg runs when no Redis is configured: a {@code redis-server} on a free
 * loopback port with its files in {@code <data-dir>/redis}, AOF on (fsync every second) plus RDB
 * snapshots, so checkpoints and aggregates survive between runs and a crash of the server.
 *
 * <p>If an earlier logagg process was killed, its server may still be running: the state file
 * {@code embedded.pid} names it, and this run uses it instead of starting a second server on the
 * same files. Either way the server is shut down cleanly by {@link #stop}.
 */
public final class EmbeddedRedis {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedRedis.class);

	static final String STATE_FILE = "embedded.pid";

	private static final List<String> SETTINGS = List.of("--appendonly", "yes", "--appendfsync", "everysec",
			"--save", "3600 1 300 100 60 10000");

	private final Path directory;

	private final int port;

	private final RedisServerProcess process;

	private final long adoptedPid;

	private EmbeddedRedis(Path directory, int port, RedisServerProcess process, long adoptedPid) {
		this.directory = directory;
		this.port = port;
		this.process = process;
		this.adoptedPid = adoptedPid;
	}

	/** Starts the server in {@code directory}, or adopts the one an earlier run left running. */
	public static EmbeddedRedis start(Path directory) throws IOException {
		Files.createDirectories(directory);
		Optional<EmbeddedRedis> orphan = adoptOrphan(directory);
		if (orphan.isPresent()) {
			return orphan.get();
		}
		Path binary = RedisServerBinary.locate(directory.resolve("bin"));
		RedisServerProcess process = new RedisServerProcess(binary, directory, RedisServerProcess.freePort(), SETTINGS)
			.start();
		Files.writeString(directory.resolve(STATE_FILE), process.pid() + " " + process.port() + "\n",
				StandardCharsets.US_ASCII);
		logger.debug("started embedded redis-server {} on port {} in {}", binary, process.port(), directory);
		return new EmbeddedRedis(directory, process.port(), process, -1);
	}

	private static Optional<EmbeddedRedis> adoptOrphan(Path directory) throws IOException {
		Path state = directory.resolve(STATE_FILE);
		if (!Files.exists(state)) {
			return Optional.empty();
		}
		String[] pidAndPort = Files.readString(state, StandardCharsets.US_ASCII).trim().split(" ");
		try {
			long pid = Long.parseLong(pidAndPort[0]);
			int port = Integer.parseInt(pidAndPort[1]);
			if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && RedisServerProcess.ping(port)) {
				logger.warn("using the embedded redis-server (pid {}) that an earlier, interrupted run left running", pid);
				return Optional.of(new EmbeddedRedis(directory, port, null, pid));
			}
		}
		catch (RuntimeException ex) {
			logger.debug("ignoring unreadable {}", state, ex);
		}
		Files.deleteIfExists(state);
		return Optional.empty();
	}

	public int port() {
		return this.port;
	}

	/** Shuts the server down; it writes its AOF and RDB files on the way out. */
	public void stop() throws IOException {
		if (this.process != null) {
			this.process.stop();
		}
		else {
			RedisServerProcess.stop(this.adoptedPid);
		}
		Files.deleteIfExists(this.directory.resolve(STATE_FILE));
	}

}

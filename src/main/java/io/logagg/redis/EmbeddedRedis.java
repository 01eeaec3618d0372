package io.logagg.redis;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The private Redis logagg runs when no Redis is configured: a {@code redis-server} on a free
 * loopback port with its files in {@code <data-dir>/redis}, AOF on (fsync every second) plus RDB
 * snapshots, so checkpoints and aggregates survive between runs and a crash of the server.
 *
 * <p>The state file {@code embedded.pid} names the running server. A command that finds it
 * running (a {@code status} during a {@code run}, or a server a killed command left behind) uses
 * it rather than start a second one on the same files, and whichever command ends last stops it.
 * Each user registers in {@code users/<pid>-<uuid>} while it uses the server (a process may hold
 * two: a {@code run} starts its job while its first, Redis-only context still holds the server,
 * which spares a shutdown save and a reload); starting and stopping happen under a file lock
 * ({@code embedded.lock}), so a command never stops the server another one has just decided to use.
 *
 * <p>Only the user who runs logagg can reach it: its directory is {@code 0700} and its files
 * {@code 0600}; it asks for a password generated once and kept in {@code redis.conf}
 * ({@code 0600}, which the server reads, so the password is never on a command line {@code ps}
 * shows), and every command reads it from there.
 */
public final class EmbeddedRedis {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedRedis.class);

	static final String STATE_FILE = "embedded.pid";

	private static final String LOCK_FILE = "embedded.lock";

	private static final String USERS = "users";

	/** The server's configuration: the password, so that it shows on no command line. */
	static final String CONFIG_FILE = "redis.conf";

	/**
	 * {@code hz 50}: Redis notices that a BGSAVE's child has ended on its next {@code serverCron}
	 * tick, so every run's snapshot step waited up to 100 ms at the default {@code hz 10}; the
	 * server lives only while commands use it, so the extra ticks cost nothing that matters.
	 */
	private static final List<String> SETTINGS = List.of("--appendonly", "yes", "--appendfsync", "everysec",
			"--save", "3600 1 300 100 60 10000", "--hz", "50");

	private final Path directory;

	private final int port;

	private final long pid;

	private final String user;

	private final String password;

	private EmbeddedRedis(Path directory, int port, long pid, String user, String password) {
		this.directory = directory;
		this.port = port;
		this.pid = pid;
		this.user = user;
		this.password = password;
	}

	/** Uses the server running on {@code directory}'s files, or starts one. */
	public static EmbeddedRedis start(Path directory) throws IOException {
		Files.createDirectories(directory.resolve(USERS));
		OwnerOnly.restrict(directory);
		try (FileChannel lock = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE); FileLock held = lock.lock()) {
			String user = ProcessHandle.current().pid() + "-" + UUID.randomUUID();
			Files.writeString(directory.resolve(USERS).resolve(user), "");
			return startLocked(directory, user);
		}
	}

	private static EmbeddedRedis startLocked(Path directory, String user) throws IOException {
		String password = password(directory);
		Optional<EmbeddedRedis> running = running(directory, user, password);
		if (running.isPresent()) {
			return running.get();
		}
		Path binary = RedisServerBinary.locate(directory.resolve("bin"));
		RedisServerProcess process = RedisServerProcess.startOnFreePort(
				(port) -> new RedisServerProcess(binary, directory, port, SETTINGS).withConfigFile(directory.resolve(CONFIG_FILE),
						password));
		Files.writeString(directory.resolve(STATE_FILE), process.pid() + " " + process.port() + "\n",
				StandardCharsets.US_ASCII);
		// What the server created (its log, a first RDB or AOF) is the owner's alone too.
		OwnerOnly.restrict(directory);
		logger.debug("started embedded redis-server {} on port {} in {}", binary, process.port(), directory);
		return new EmbeddedRedis(directory, process.port(), process.pid(), user, password);
	}

	/**
	 * The server's password: generated once (192 random bits) into {@link #CONFIG_FILE}, created
	 * {@code 0600}, and read from there by every later command.
	 */
	static String password(Path directory) throws IOException {
		Path config = directory.resolve(CONFIG_FILE);
		if (Files.exists(config)) {
			for (String line : Files.readAllLines(config, StandardCharsets.US_ASCII)) {
				if (line.startsWith("requirepass ")) {
					return line.substring("requirepass ".length()).trim();
				}
			}
		}
		byte[] random = new byte[24];
		new java.security.SecureRandom().nextBytes(random);
		String password = java.util.HexFormat.of().formatHex(random);
		OwnerOnly.writeString(config, "# logagg's private Redis; only its owner can read this file\nrequirepass " + password
				+ "\n");
		return password;
	}

	private static Optional<EmbeddedRedis> running(Path directory, String user, String password) throws IOException {
		Path state = directory.resolve(STATE_FILE);
		if (!Files.exists(state)) {
			return Optional.empty();
		}
		String[] fields = Files.readString(state, StandardCharsets.US_ASCII).trim().split(" ");
		try {
			long pid = Long.parseLong(fields[0]);
			int port = Integer.parseInt(fields[1]);
			if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && RedisServerProcess.ping(port, password)) {
				logger.debug("using the embedded redis-server (pid {}) already running on port {}", pid, port);
				return Optional.of(new EmbeddedRedis(directory, port, pid, user, password));
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

	/** The password the server asks for; never logged. */
	public String password() {
		return this.password;
	}

	/**
	 * Shuts the server down (it writes its AOF and RDB files on the way out), unless another
	 * logagg command still uses it: that one stops it when it ends.
	 */
	public void stop() throws IOException {
		Path users = this.directory.resolve(USERS);
		try (FileChannel lock = FileChannel.open(this.directory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE); FileLock held = lock.lock()) {
			Files.deleteIfExists(users.resolve(this.user));
			if (otherUsers(users) > 0) {
				logger.debug("leaving the embedded redis-server running for another logagg command");
				return;
			}
			RedisServerProcess.stop(this.pid);
			Files.deleteIfExists(this.directory.resolve(STATE_FILE));
		}
	}

	/** Registered users that are still alive; those of killed commands are cleared away. */
	private static int otherUsers(Path users) throws IOException {
		int alive = 0;
		try (var entries = Files.list(users)) {
			for (Path user : entries.toList()) {
				long pid;
				try {
					// <pid>-<uuid>, or <pid> as written by logagg before a process could hold two
					pid = Long.parseLong(user.getFileName().toString().split("-", 2)[0]);
				}
				catch (NumberFormatException ex) {
					continue;
				}
				if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
					alive++;
				}
				else {
					Files.deleteIfExists(user);
				}
			}
		}
		return alive;
	}

}

package io.logagg.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A {@code redis-server} child process on 127.0.0.1, with its files in one directory: started,
 * waited for until it answers PING, and shut down with SHUTDOWN (so it persists as configured) or
 * killed. Used for the embedded default Redis and by the tests. Not thread-safe.
 */
public final class RedisServerProcess implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

	private final Path binary;

	private final Path directory;

	private final int port;

	private final List<String> settings;

	private Process process;

	/** A configuration file read first (the password, kept off the command line), or null. */
	private Path configFile;

	private String password;

	/**
	 * @param binary the redis-server executable
	 * @param directory the server's working directory (RDB, AOF, log)
	 * @param port the TCP port on 127.0.0.1
	 * @param settings extra arguments, e.g. {@code --appendonly yes}
	 */
	public RedisServerProcess(Path binary, Path directory, int port, List<String> settings) {
		this.binary = binary;
		this.directory = directory;
		this.port = port;
		this.settings = List.copyOf(settings);
	}

	/**
	 * Reads this configuration file first: settings such as {@code requirepass} that must not be on
	 * a command line, which every user of the machine can read.
	 * @param password the password it sets, to tell when the server is ready and to stop it
	 */
	public RedisServerProcess withConfigFile(Path file, String password) {
		this.configFile = file;
		this.password = password;
		return this;
	}

	/** Starts the server and waits until it answers PING. */
	public RedisServerProcess start() throws IOException {
		Files.createDirectories(this.directory);
		List<String> command = new ArrayList<>(List.of(this.binary.toAbsolutePath().toString()));
		if (this.configFile != null) {
			command.add(this.configFile.toAbsolutePath().toString());
		}
		command.addAll(List.of("--port", Integer.toString(this.port), "--bind", "127.0.0.1", "--dir",
				this.directory.toAbsolutePath().toString(), "--daemonize", "no", "--logfile", "redis.log"));
		command.addAll(this.settings);
		Path log = this.directory.resolve("redis.log");
		// A restarted server appends to the log of the one before: only what this one wrote counts.
		long logStart = Files.exists(log) ? Files.size(log) : 0;
		this.process = new ProcessBuilder(command).directory(this.directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(this.directory.resolve("redis.out").toFile())
			.start();
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		// Ready once this server says so: whatever answers on the port may be another process that
		// took it first, and this one is then about to exit.
		while (!(logSince(logStart).contains("Ready to accept connections") && answers(this.port))) {
			if (!this.process.isAlive()) {
				String written = logSince(logStart);
				String why = lastLine(written.isBlank() ? redisOut() : written);
				String message = "redis-server exited with code " + this.process.exitValue()
						+ (why.isEmpty() ? "" : " (" + why + ")") + "; see " + log + " and " + this.directory.resolve("redis.out");
				throw written.contains("Address already in use") ? new PortTakenException(message) : new IOException(message);
			}
			if (System.nanoTime() > deadline) {
				kill();
				throw new IOException("redis-server did not answer PING on port " + this.port + " within "
						+ START_TIMEOUT.toSeconds() + " s");
			}
			sleep(10);
		}
		return this;
	}

	public int port() {
		return this.port;
	}

	public Path directory() {
		return this.directory;
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process != null && this.process.isAlive();
	}

	/**
	 * SIGTERM, which Redis answers like SHUTDOWN (persisting as configured, whatever its password
	 * or TLS settings), then waits for the process to exit.
	 */
	public void stop() {
		if (isAlive()) {
			terminate(this.process.toHandle());
		}
	}

	/**
	 * Stops a redis-server this process did not start (one an earlier, killed run left behind).
	 * @param pid its process id
	 */
	public static void stop(long pid) {
		ProcessHandle.of(pid).ifPresent(RedisServerProcess::terminate);
	}

	private static void terminate(ProcessHandle process) {
		process.destroy();
		try {
			process.onExit().get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			process.destroyForcibly();
		}
	}

	/** SIGKILL: the server gets no chance to save. */
	public void kill() {
		if (this.process != null) {
			this.process.destroyForcibly();
			try {
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public void close() {
		stop();
	}

	/**
	 * Starts the server {@code server} builds for a port that was free a moment ago, and on another
	 * if some process took that one meanwhile (tests and commands start servers side by side).
	 */
	public static RedisServerProcess startOnFreePort(IntFunction<RedisServerProcess> server) throws IOException {
		for (int attempt = 1;; attempt++) {
			try {
				return server.apply(freePort()).start();
			}
			catch (PortTakenException ex) {
				if (attempt == 5) {
					throw ex;
				}
			}
		}
	}

	/** What the server logged from byte {@code offset} on: empty if nothing yet. */
	private String logSince(long offset) {
		try (SeekableByteChannel channel = Files.newByteChannel(this.directory.resolve("redis.log"))) {
			channel.position(offset);
			return new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			return "";
		}
	}

	private String redisOut() {
		try {
			return Files.readString(this.directory.resolve("redis.out"), StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			return "";
		}
	}

	/** The last line of a server's log, as the reason it stopped, without its pid and time stamp. */
	private static String lastLine(String log) {
		String[] lines = log.strip().split("\n");
		// "1234:M 06 Dec 2026 21:09:40.757 # Failed listening on port 6390 (TCP), aborting."
		String line = lines[lines.length - 1].strip();
		int mark = line.indexOf(" # ");
		return (mark >= 0) ? line.substring(mark + 3) : line;
	}

	/** The server could not listen on its port: another process holds it. */
	static final class PortTakenException extends IOException {

		PortTakenException(String message) {
			super(message);
		}

	}

	/** A port that was free on 127.0.0.1 a moment ago. */
	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
	}

	/** True if a Redis on 127.0.0.1:port answers PING with PONG. */
	public static boolean ping(int port) {
		return ping(port, null);
	}

	/** True if a Redis on 127.0.0.1:port, given this password (or none if null), answers PING with PONG. */
	public static boolean ping(int port, String password) {
		try {
			String[] commands = (password != null) ? new String[] { "AUTH " + password, "PING" } : new String[] { "PING" };
			return command(port, commands).startsWith("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * True if the server is ready: it answers PING at all (a password-protected one refuses it),
	 * or, when it speaks TLS only, it accepts connections.
	 */
	private boolean answers(int port) {
		if (this.settings.contains("--tls-port")) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
				return true;
			}
			catch (IOException ex) {
				return false;
			}
		}
		if (this.password != null) {
			// Ready once it has loaded its data: before that an authenticated PING says LOADING.
			return ping(port, this.password);
		}
		try {
			String reply = command(port, "PING");
			return reply.startsWith("+PONG") || reply.startsWith("-NOAUTH");
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Sends inline commands and returns the first line of the last reply. */
	private static String command(int port, String... commands) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			String reply = "";
			for (String command : commands) {
				out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
				out.flush();
				StringBuilder line = new StringBuilder();
				int c;
				while ((c = in.read()) != -1 && c != '\n') {
					line.append((char) c);
				}
				reply = line.toString();
			}
			return reply;
		}
	}

	private static void sleep(long millis) throws IOException {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while waiting for redis-server", ex);
		}
	}

}

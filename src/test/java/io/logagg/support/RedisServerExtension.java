package io.logagg.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import io.logagg.redis.RedisServerBinary;
import io.logagg.redis.RedisServerProcess;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;

import org.springframework.util.FileSystemUtils;

/**
 * A real {@code redis-server} for one test class: started on a free loopback port in a fresh
 * temporary directory before the first test, emptied before each test, shut down and its directory
 * deleted after the last.
 * Tests may kill and restart it (same port, same files) to prove what survives.
 *
 * <pre>
 * &#64;RegisterExtension
 * static RedisServerExtension redis = new RedisServerExtension();
 * </pre>
 */
public final class RedisServerExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

	private final IntFunction<List<String>> settingsForPort;

	private List<String> settings;

	private TestCertificates tls;

	private Path directory;

	private int port;

	private RedisServerProcess server;

	private boolean sharedData;

	/** A server that persists nothing unless a test asks it to. */
	public RedisServerExtension() {
		this("--save", "", "--appendonly", "no");
	}

	/** A server started with these extra {@code redis-server} arguments. */
	public RedisServerExtension(String... settings) {
		this(port -> List.of(settings));
	}

	/** A server whose extra arguments depend on its port (or on another server's). */
	public RedisServerExtension(IntFunction<List<String>> settingsForPort) {
		this.settingsForPort = settingsForPort;
	}

	/** A server that speaks TLS only, with throwaway certificates; clients need {@link #certificates()}. */
	public static RedisServerExtension tls() {
		RedisServerExtension extension = new RedisServerExtension(port -> List.of());
		extension.tls = new TestCertificates(null, null, null);
		return extension;
	}

	/**
	 * This server keeps its data from test to test: for a class whose tests only read what its
	 * {@code @BeforeAll} wrote. Otherwise every test starts from an empty server.
	 */
	public RedisServerExtension sharingDataBetweenTests() {
		this.sharedData = true;
		return this;
	}

	@Override
	public void beforeAll(ExtensionContext context) throws IOException {
		this.directory = Files.createTempDirectory("logagg-redis-");
		if (this.tls != null) {
			this.tls = TestCertificates.generate(this.directory.resolve("tls"));
		}
		Path binary = RedisServerBinary.locate(this.directory.resolve("bin"));
		this.server = RedisServerProcess.startOnFreePort((port) -> {
			this.port = port;
			this.settings = new ArrayList<>(this.settingsForPort.apply(port));
			if (this.tls != null) {
				this.settings.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port), "--tls-cert-file",
						this.tls.certificate().toString(), "--tls-key-file", this.tls.key().toString(), "--tls-ca-cert-file",
						this.tls.ca().toString(), "--tls-auth-clients", "no"));
			}
			return new RedisServerProcess(binary, this.directory, port, this.settings);
		});
	}

	@Override
	public void beforeEach(ExtensionContext context) throws IOException {
		if (!this.server.isAlive()) {
			start();
		}
		try (Jedis jedis = jedis()) {
			if (isReplica(jedis) || this.sharedData) {
				return;
			}
			jedis.flushAll();
			int save = this.settings.indexOf("--save");
			if (save >= 0 && !this.settings.contains("CONFIG")) {
				// A test may have changed the save policy; the next one starts from the server's own.
				jedis.configSet("save", this.settings.get(save + 1));
			}
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.server != null) {
			this.server.stop();
		}
		// The server is gone, so nothing writes here any more: leave no RDB, AOF or certificate behind.
		FileSystemUtils.deleteRecursively(this.directory.toFile());
	}

	private static boolean isReplica(Jedis jedis) {
		return jedis.info("replication").contains("role:slave");
	}

	/** Starts the server again, on the same port with the same files, after {@link #kill}. */
	public void start() throws IOException {
		this.server = new RedisServerProcess(RedisServerBinary.locate(this.directory.resolve("bin")), this.directory,
				this.port, this.settings).start();
	}

	/** SIGKILL: the server saves nothing on the way out. */
	public void kill() {
		this.server.kill();
	}

	public String url() {
		return (this.tls != null ? "rediss" : "redis") + "://127.0.0.1:" + this.port;
	}

	/**
	 * A command line against this server: {@code command}, this Redis, the data directory, no
	 * snapshot step (the tests that check persistence ask for theirs), then {@code extra}.
	 */
	public List<String> command(String command, Path data, String... extra) {
		List<String> args = new ArrayList<>(List.of(command, "--redis-url", url(), "--data-dir", data.toString(),
				"--logagg.snapshot.mode=none"));
		args.addAll(List.of(extra));
		return args;
	}

	/** {@code run --input input} in-process against this server, with configuration classes added (fault injection). */
	public CliRun run(Class<?>[] sources, Path input, Path data, String... extra) {
		List<String> args = command("run", data, "--input", input.toString());
		args.addAll(List.of(extra));
		return CliRun.of(sources, args.toArray(String[]::new));
	}

	/** The TLS material of a {@link #tls()} server. */
	public TestCertificates certificates() {
		return this.tls;
	}

	public int port() {
		return this.port;
	}

	public Path directory() {
		return this.directory;
	}

	/** What logagg holds for a source, read straight from Redis. */
	public IndependentCount aggregates(String source) {
		try (Jedis jedis = jedis()) {
			return RedisAggregates.read(jedis, source);
		}
	}

	/** Every aggregate key of a source with its content: {@link RedisAggregates#everyAggregate}. */
	public Map<String, Object> everyAggregate(String source) {
		try (Jedis jedis = jedis()) {
			return RedisAggregates.everyAggregate(jedis, source);
		}
	}

	/** The source's checkpoint as {@code file@offset}, or null. */
	public String checkpoint(String source) {
		try (Jedis jedis = jedis()) {
			return RedisAggregates.checkpoint(jedis, source);
		}
	}

	/** A counter of {@code INFO persistence}, such as {@code rdb_saves}. */
	public long persistenceCounter(String name) {
		try (Jedis jedis = jedis()) {
			return jedis.info("persistence")
				.lines()
				.filter(line -> line.startsWith(name + ":"))
				.mapToLong(line -> Long.parseLong(line.substring(name.length() + 1).trim()))
				.findFirst()
				.orElseThrow();
		}
	}

	/** A new connection for assertions; close it. */
	public Jedis jedis() {
		Jedis jedis = (this.tls != null)
				? new Jedis("127.0.0.1", this.port,
						DefaultJedisClientConfig.builder().ssl(true).sslSocketFactory(this.tls.socketFactory()).build())
				: new Jedis("127.0.0.1", this.port);
		int password = this.settings.indexOf("--requirepass");
		if (password >= 0) {
			jedis.auth(this.settings.get(password + 1));
		}
		return jedis;
	}

}

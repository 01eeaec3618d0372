package io.logagg.snapshot;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.util.FileSystemUtils;

/**
 * Checks that Redis's persistence is healthy, for {@code logagg verify}: on every server,
 * {@code INFO persistence} (last save status and age, AOF status); and, when its files can be
 * reached, {@code redis-check-rdb} and {@code redis-check-aof} on copies of them, so that the
 * live files are never touched.
 */
public final class PersistenceCheck {

	/**
	 * One finding.
	 *
	 * @param healthy false if this finding makes the whole check fail
	 * @param text what was checked and what came out
	 */
	public record Finding(boolean healthy, String text) {
	}

	private PersistenceCheck() {
	}

	/**
	 * @param connectionFactory the Redis to ask
	 * @param files the server's directory, or null if its files cannot be reached
	 */
	public static List<Finding> run(RedisConnectionFactory connectionFactory, Path files) throws IOException,
			InterruptedException {
		List<Finding> findings = new ArrayList<>();
		try (RedisConnection connection = connectionFactory.getConnection()) {
			for (ServerNode node : ServerNode.of(connection)) {
				findings.addAll(info(node));
			}
		}
		if (files != null) {
			findings.addAll(files(files));
		}
		return findings;
	}

	private static List<Finding> info(ServerNode node) {
		List<Finding> findings = new ArrayList<>();
		Properties info = node.info("persistence");
		String rdb = info.getProperty("rdb_last_bgsave_status");
		long lastSave = Long.parseLong(info.getProperty("rdb_last_save_time", "0").trim());
		long age = node.timeSeconds() - lastSave;
		findings.add(new Finding("ok".equals(rdb),
				node.name() + ": rdb_last_bgsave_status:" + rdb + ", last save " + age + " s ago"));
		if ("1".equals(info.getProperty("aof_enabled"))) {
			String write = info.getProperty("aof_last_write_status");
			String rewrite = info.getProperty("aof_last_bgrewrite_status");
			findings.add(new Finding("ok".equals(write) && "ok".equals(rewrite),
					node.name() + ": aof_last_write_status:" + write + ", aof_last_bgrewrite_status:" + rewrite));
		}
		else {
			findings.add(new Finding(true, node.name() + ": AOF off"));
		}
		return findings;
	}

	private static List<Finding> files(Path directory) throws IOException, InterruptedException {
		List<Finding> findings = new ArrayList<>();
		Path copy = Files.createTempDirectory("logagg-verify-");
		try {
			Path rdb = directory.resolve("dump.rdb");
			if (Files.exists(rdb)) {
				Files.copy(rdb, copy.resolve("dump.rdb"));
				findings.add(tool("redis-check-rdb", copy.resolve("dump.rdb"), "dump.rdb"));
			}
			Path aof = directory.resolve("appendonlydir");
			if (Files.isDirectory(aof)) {
				Path aofCopy = Files.createDirectories(copy.resolve("appendonlydir"));
				try (Stream<Path> parts = Files.list(aof)) {
					for (Path part : parts.toList()) {
						Files.copy(part, aofCopy.resolve(part.getFileName()));
					}
				}
				Path manifest;
				try (Stream<Path> parts = Files.list(aofCopy)) {
					manifest = parts.filter(p -> p.getFileName().toString().endsWith(".manifest")).findFirst().orElse(null);
				}
				if (manifest != null) {
					findings.add(tool("redis-check-aof", manifest, "appendonlydir"));
				}
			}
			if (findings.isEmpty()) {
				findings.add(new Finding(true, "no RDB or AOF file in " + directory));
			}
			return findings;
		}
		finally {
			FileSystemUtils.deleteRecursively(copy);
		}
	}

	private static Finding tool(String name, Path file, String what) throws IOException, InterruptedException {
		Path binary = onPath(name);
		if (binary == null) {
			return new Finding(true, what + ": not checked, " + name + " is not on the PATH");
		}
		Path output = Files.createTempFile("logagg-verify-", ".txt");
		try {
			Process process = new ProcessBuilder(binary.toString(), file.toString()).redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			if (!process.waitFor(5, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				return new Finding(false, what + ": " + name + " did not finish within 5 minutes");
			}
			List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
			String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
			return (process.exitValue() == 0) ? new Finding(true, what + ": " + name + " ok")
					: new Finding(false, what + ": " + name + " failed (exit " + process.exitValue() + "): " + last);
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

	private static Path onPath(String name) {
		String path = System.getenv("PATH");
		if (path != null) {
			for (String dir : path.split(File.pathSeparator)) {
				Path candidate = Path.of(dir, name);
				if (Files.isExecutable(candidate)) {
					return candidate;
				}
			}
		}
		return null;
	}

}

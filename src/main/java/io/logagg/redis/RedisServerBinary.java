package io.logagg.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds a {@code redis-server} executable: the one on the PATH if there is one, otherwise the
 * binary shipped inside the {@code com.github.codemonstur:embedded-redis} jar, copied out once.
 */
public final class RedisServerBinary {

	private RedisServerBinary() {
	}

	/**
	 * @param cacheDirectory where an extracted binary is kept between runs
	 * @return the executable to run
	 * @throws IOException if there is none for this machine
	 */
	public static Path locate(Path cacheDirectory) throws IOException {
		Optional<Path> onPath = onPath("redis-server");
		return onPath.isPresent() ? onPath.get() : bundled(cacheDirectory);
	}

	/**
	 * The binary bundled in the embedded-redis jar for this machine, copied out once.
	 * @param cacheDirectory where it is kept between runs
	 * @return the executable
	 * @throws IOException if there is none for this machine
	 */
	public static Path bundled(Path cacheDirectory) throws IOException {
		String resource = bundledResource();
		Path target = cacheDirectory.resolve(resource);
		if (!Files.isExecutable(target)) {
			try (InputStream in = RedisServerBinary.class.getResourceAsStream("/" + resource)) {
				if (in == null) {
					throw new IOException("No redis-server on the PATH and no bundled " + resource
							+ "; install redis-server or set spring.data.redis.url");
				}
				Files.createDirectories(cacheDirectory);
				Path temporary = Files.createTempFile(cacheDirectory, resource, ".tmp");
				Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
				temporary.toFile().setExecutable(true, true);
				Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
		}
		return target;
	}

	private static Optional<Path> onPath(String name) {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		for (String dir : path.split(File.pathSeparator)) {
			Path candidate = Path.of(dir, name);
			if (Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	private static String bundledResource() throws IOException {
		String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
		String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
		if (os.contains("linux")) {
			return switch (arch) {
				case "amd64", "x86_64" -> "redis-server-6.2.6-v5-linux-amd64";
				case "aarch64", "arm64" -> "redis-server-6.2.7-linux-arm64";
				default -> "redis-server-6.2.7-linux-386";
			};
		}
		if (os.contains("mac")) {
			return arch.contains("aarch64") ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
		}
		throw new IOException("No bundled redis-server for " + os + "/" + arch + "; install one or set spring.data.redis.url");
	}

}

package io.logagg.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Optional;

import io.logagg.checkpoint.KeyLayout;
import io.logagg.config.InvalidSettingException;
import io.logagg.config.LogaggProperties;
import io.logagg.lock.SourceLock;
import io.logagg.read.InputFiles;
import io.logagg.read.PrintableName;
import io.logagg.redis.RedisEndpoint;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * What every run of a source checks before it reads, and the lock it then holds: the same for a
 * job ({@link LogaggJobRunner}) and for a run that finds nothing new ({@link IdleRun}), so that
 * both refuse the same settings with the same words and exit codes.
 */
@Component
public class RunPreconditions {

	private final LogaggProperties properties;

	private final RedisConnectionFactory connectionFactory;

	private final StringRedisTemplate redis;

	public RunPreconditions(LogaggProperties properties, RedisConnectionFactory connectionFactory,
			StringRedisTemplate redis) {
		this.properties = properties;
		this.connectionFactory = connectionFactory;
		this.redis = redis;
	}

	/**
	 * Fails unless Redis answers, does not evict keys when full and, with
	 * {@code logagg.redis.wait-replicas}, its read timeout is longer than WAIT's.
	 * @throws InvalidSettingException if Redis cannot be used as configured
	 */
	public void requireRedis() {
		RedisEndpoint.requireReachable(this.connectionFactory);
		RedisEndpoint.requireNoEviction(this.connectionFactory);
		if (this.properties.redis().waitReplicas() > 0) {
			RedisEndpoint.requireReadTimeoutAbove(this.connectionFactory, this.properties.redis().waitTimeout());
		}
	}

	/**
	 * The input directory, absolute.
	 * @throws InvalidSettingException if none is configured or it cannot be read
	 */
	public Path inputDirectory() {
		List<LogaggProperties.ListedSource> listed = this.properties.listedSources();
		if (this.properties.input() == null && !listed.isEmpty()
				&& listed.stream().noneMatch(source -> source.name().equals(this.properties.source()))) {
			throw new InvalidSettingException("source '" + this.properties.source() + "' is not listed in logagg.sources (listed: "
					+ String.join(", ", listed.stream().map(LogaggProperties.ListedSource::name).toList())
					+ "): give --input DIR to read it as a source of its own, or --all-sources");
		}
		return inputDirectory(this.properties.input());
	}

	/**
	 * A source's input directory, absolute.
	 * @throws InvalidSettingException if it is null or cannot be read
	 */
	public Path inputDirectory(Path input) {
		if (input == null) {
			throw new InvalidSettingException("no input directory: give --input DIR (or set logagg.input)");
		}
		Path absolute = input.toAbsolutePath().normalize();
		if (!Files.isDirectory(absolute)) {
			throw new InvalidSettingException("input directory " + absolute
					+ (Files.exists(absolute) ? " is not a directory" : " does not exist"));
		}
		if (!Files.isReadable(absolute)) {
			throw new InvalidSettingException("input directory " + absolute + " is not readable");
		}
		return absolute;
	}

	/**
	 * Fails if two listed sources read the same files: the same directory (or, with
	 * {@code --recursive}, one inside the other) and a file that both patterns match, or the same
	 * pattern. A merged report would count those lines twice.
	 * @throws InvalidSettingException naming both sources and a file they share
	 */
	public void requireSeparateSources() {
		List<LogaggProperties.ListedSource> sources = this.properties.listedSources();
		for (int i = 0; i < sources.size(); i++) {
			for (int j = i + 1; j < sources.size(); j++) {
				LogaggProperties.ListedSource a = sources.get(i);
				LogaggProperties.ListedSource b = sources.get(j);
				Path first = real(a.input());
				Path second = real(b.input());
				boolean same = first.equals(second);
				boolean nested = this.properties.recursive() && (first.startsWith(second) || second.startsWith(first));
				if (!same && !nested) {
					continue;
				}
				Optional<String> shared = (same && a.pattern().equals(b.pattern())) ? Optional.of("every file matching '" + a.pattern() + "'")
						: sharedFile(first.startsWith(second) ? first : second, a.pattern(), b.pattern());
				if (shared.isPresent()) {
					throw new InvalidSettingException("logagg.sources: sources '" + a.name() + "' and '" + b.name()
							+ "' read the same files (" + PrintableName.of(shared.get()) + " in " + PrintableName.of(first.toString())
							+ (same ? "" : " and " + PrintableName.of(second.toString())) + "): a merged report would count them "
							+ "twice. Give them different directories, or patterns that no file matches both");
				}
			}
		}
	}

	/** A directory as the file system names it (symbolic links resolved), or as given if it cannot be. */
	private static Path real(Path directory) {
		try {
			return directory.toRealPath();
		}
		catch (IOException ex) {
			return directory.toAbsolutePath().normalize();
		}
	}

	/** A file under {@code directory} whose name both patterns match, if any. */
	private Optional<String> sharedFile(Path directory, String first, String second) {
		try {
			PathMatcher other = directory.getFileSystem().getPathMatcher("glob:" + second);
			return InputFiles.listing(directory, first, this.properties.recursive(), this.properties.dataDir())
				.names()
				.stream()
				.filter(name -> other.matches(Path.of(name).getFileName()))
				.findFirst();
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Takes the source's lock, or null when {@code logagg.lock.enabled} is false.
	 * @throws io.logagg.lock.SourceLockedException if another run holds it
	 */
	public SourceLock lock(String source) {
		LogaggProperties.Lock lock = this.properties.lock();
		return lock.enabled() ? SourceLock.acquire(this.redis, new KeyLayout(source), lock.ttl()) : null;
	}

}

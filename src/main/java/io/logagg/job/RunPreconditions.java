package io.logagg.job;

import java.nio.file.Files;
import java.nio.file.Path;

import io.logagg.checkpoint.KeyLayout;
import io.logagg.config.InvalidSettingException;
import io.logagg.config.LogaggProperties;
import io.logagg.lock.SourceLock;
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
	 * Takes the source's lock, or null when {@code logagg.lock.enabled} is false.
	 * @throws io.logagg.lock.SourceLockedException if another run holds it
	 */
	public SourceLock lock(String source) {
		LogaggProperties.Lock lock = this.properties.lock();
		return lock.enabled() ? SourceLock.acquire(this.redis, new KeyLayout(source), lock.ttl()) : null;
	}

}

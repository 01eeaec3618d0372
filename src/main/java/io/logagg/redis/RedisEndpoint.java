package io.logagg.redis;

import java.time.Duration;

import io.logagg.config.InvalidSettingException;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

/**
 * Names and checks the Redis server a command talks to. Names say host and port only: a URL may
 * carry a password, and secrets never reach logs or output.
 */
public final class RedisEndpoint {

	/** Room for the round trip and the transaction around a WAIT that runs its full time. */
	private static final Duration WAIT_MARGIN = Duration.ofSeconds(1);

	private RedisEndpoint() {
	}

	/** {@code host:port} of the configured server, without credentials. */
	public static String describe(RedisConnectionFactory connectionFactory) {
		if (connectionFactory instanceof JedisConnectionFactory jedis) {
			if (jedis.getSentinelConfiguration() != null || jedis.getClusterConfiguration() != null) {
				return (jedis.getSentinelConfiguration() != null) ? "Redis Sentinel" : "Redis Cluster";
			}
			return jedis.getHostName() + ":" + jedis.getPort();
		}
		return "Redis";
	}

	/**
	 * Sends PING, failing with a one-line message if the server cannot be reached or refuses.
	 * @throws InvalidSettingException if Redis does not answer
	 */
	public static void requireReachable(RedisConnectionFactory connectionFactory) {
		try (RedisConnection connection = connectionFactory.getConnection()) {
			connection.ping();
		}
		catch (RuntimeException ex) {
			String reason = RedisRefusal.of(ex).map(RedisRefusal::explanation).orElseGet(() -> rootMessage(ex));
			throw new InvalidSettingException("cannot use Redis at " + describe(connectionFactory) + ": " + reason
					+ " (check spring.data.redis.url / --redis-url)", ex);
		}
	}

	/**
	 * Fails if a WAIT of {@code waitTimeout} could outlast the socket's read timeout: the read would
	 * time out first, the retry would find the chunk applied, and the run would go on without the
	 * acknowledgement {@code logagg.redis.wait-replicas} asks for.
	 * @throws InvalidSettingException if the read timeout is not at least a second longer
	 */
	public static void requireReadTimeoutAbove(RedisConnectionFactory connectionFactory, Duration waitTimeout) {
		if (connectionFactory instanceof JedisConnectionFactory jedis) {
			Duration readTimeout = jedis.getClientConfiguration().getReadTimeout();
			if (!readTimeout.isZero() && readTimeout.compareTo(waitTimeout.plus(WAIT_MARGIN)) < 0) {
				throw new InvalidSettingException("logagg.redis.wait-timeout (" + waitTimeout.toMillis()
						+ " ms) must be at least " + WAIT_MARGIN.toMillis() + " ms shorter than the Redis read timeout "
						+ "spring.data.redis.timeout (" + readTimeout.toMillis()
						+ " ms), or replicas' acknowledgements would be cut off: lower the one or raise the other");
			}
		}
	}

	private static String rootMessage(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return String.valueOf(cause.getMessage());
	}

}

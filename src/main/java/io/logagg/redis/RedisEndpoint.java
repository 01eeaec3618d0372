package io.logagg.redis;

import io.logagg.config.InvalidSettingException;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

/**
 * Names and checks the Redis server a command talks to. Names say host and port only: a URL may
 * carry a password, and secrets never reach logs or output.
 */
public final class RedisEndpoint {

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

	private static String rootMessage(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return String.valueOf(cause.getMessage());
	}

}

package io.logagg.redis;

import java.time.Duration;
import java.util.Properties;

import io.logagg.config.InvalidSettingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

/**
 * Names and checks the Redis server a command talks to. Names say host and port only: a URL may
 * carry a password, and secrets never reach logs or output.
 */
public final class RedisEndpoint {

	private static final Logger logger = LoggerFactory.getLogger(RedisEndpoint.class);

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
	 * Fails if the server may evict keys when full: a {@code maxmemory} with any policy but
	 * {@code noeviction} drops keys silently, the per-day aggregates (which have a TTL) first with a
	 * {@code volatile-*} policy, the checkpoint itself with an {@code allkeys-*} one. A server that
	 * refuses INFO (a user without {@code +info}) is not checked.
	 * @throws InvalidSettingException naming the policy and what to set
	 */
	public static void requireNoEviction(RedisConnectionFactory connectionFactory) {
		Properties memory;
		try (RedisConnection connection = connectionFactory.getConnection()) {
			memory = connection.serverCommands().info("memory");
		}
		catch (RuntimeException ex) {
			logger.debug("could not read INFO memory; eviction not checked", ex);
			return;
		}
		if (memory == null) {
			return;
		}
		for (String name : memory.stringPropertyNames()) {
			if (!name.endsWith("maxmemory_policy")) {
				continue;
			}
			String policy = memory.getProperty(name).trim();
			String limit = memory.getProperty(name.substring(0, name.length() - "_policy".length()), "0").trim();
			if (!policy.equals("noeviction") && !limit.equals("0")) {
				String node = name.contains(".") ? " (node " + name.substring(0, name.lastIndexOf('.')) + ")" : "";
				throw new InvalidSettingException("Redis at " + describe(connectionFactory) + node
						+ " evicts keys when it is full (maxmemory " + limit + " bytes, maxmemory-policy " + policy
						+ "): it would drop logagg's aggregates or checkpoint silently. Set maxmemory-policy noeviction "
						+ "(in redis.conf, and CONFIG SET maxmemory-policy noeviction), or maxmemory 0; "
						+ "nothing was read or written");
			}
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

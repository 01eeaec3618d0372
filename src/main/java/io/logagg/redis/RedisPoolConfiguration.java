package io.logagg.redis;

import io.logagg.config.LogaggProperties;
import redis.clients.jedis.ConnectionPoolConfig;

import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.data.redis.autoconfigure.JedisClientConfigurationBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The pool of Redis connections, as Spring Boot's {@code spring.data.redis.jedis.pool.*} settings
 * describe it, with two changes: enough connections for {@code logagg.threads} sources, and no JMX
 * registration.
 */
@Configuration(proxyBeanMethods = false)
public class RedisPoolConfiguration {

	/**
	 * Each partition of {@code --all-sources} holds its commit connection for its whole step and
	 * meanwhile needs another (its lock, its reads). With Spring Boot's default of 8, eight sources
	 * deadlocked, each waiting for a connection to release its lock; a larger {@code max-active} is
	 * kept. commons-pool registers every pool as an MBean by default, and starting the platform MBean
	 * server for it was 25 ms of every cron tick; nothing reads it.
	 */
	@Bean
	JedisClientConfigurationBuilderCustomizer connectionsForEverySource(LogaggProperties properties,
			DataRedisProperties redis) {
		return builder -> {
			DataRedisProperties.Pool pool = redis.getJedis().getPool();
			if (Boolean.FALSE.equals(pool.getEnabled())) {
				return;
			}
			int needed = 2 * properties.threads() + 2;
			// The class Spring Boot configures, for its defaults (idle connections tested, evicted).
			ConnectionPoolConfig config = new ConnectionPoolConfig();
			config.setJmxEnabled(false);
			config.setMaxTotal(Math.max(pool.getMaxActive(), needed));
			config.setMaxIdle(Math.max(pool.getMaxIdle(), needed));
			config.setMinIdle(pool.getMinIdle());
			if (pool.getMaxWait() != null) {
				config.setMaxWait(pool.getMaxWait());
			}
			if (pool.getTimeBetweenEvictionRuns() != null) {
				config.setTimeBetweenEvictionRuns(pool.getTimeBetweenEvictionRuns());
			}
			builder.usePooling().poolConfig(config);
			// Spring Data Redis hands Jedis a copy of these settings that leaves out jmxEnabled:
			// the client's own builder gets them whole.
			builder.customizeClient(client -> client.poolConfig(config));
		};
	}

}

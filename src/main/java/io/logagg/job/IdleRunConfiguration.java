package io.logagg.job;

import io.logagg.config.LogaggProperties;
import io.logagg.redis.EmbeddedRedisConfiguration;
import io.logagg.redis.RedisPoolConfiguration;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The context an {@link IdleRun} works in: the settings and Redis, configured by the same Spring
 * Boot auto-configuration as the job's context (URL, sentinel, cluster, TLS bundles), and nothing
 * else. Not a {@code @Configuration}, so that the job's component scan leaves it out.
 */
@EnableConfigurationProperties(LogaggProperties.class)
@ImportAutoConfiguration({ SslAutoConfiguration.class, DataRedisAutoConfiguration.class })
@Import({ EmbeddedRedisConfiguration.class, RedisPoolConfiguration.class, RunPreconditions.class, IdleRun.class })
public class IdleRunConfiguration {

}

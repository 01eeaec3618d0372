package io.logagg.report;

import io.logagg.config.LogaggProperties;
import io.logagg.redis.EmbeddedRedisConfiguration;
import io.logagg.redis.RedisPoolConfiguration;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The context a command that only reads Redis works in ({@code report} in text, JSON or CSV,
 * {@code sources}): the settings, Redis as the job's context configures it (URL, sentinel,
 * cluster, TLS bundles, the private server), and Jackson, without the job, its repository or
 * Spring Batch: half the start-up of the job's context. Not a {@code @Configuration}, so that the
 * job's component scan leaves it out.
 */
@EnableConfigurationProperties(LogaggProperties.class)
@ImportAutoConfiguration({ SslAutoConfiguration.class, DataRedisAutoConfiguration.class, JacksonAutoConfiguration.class })
@Import({ EmbeddedRedisConfiguration.class, RedisPoolConfiguration.class })
public class ReadingConfiguration {

}

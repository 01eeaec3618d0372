package io.logagg.redis;

import java.io.IOException;
import java.nio.file.Path;

import io.logagg.config.InvalidSettingException;
import io.logagg.config.LogaggProperties;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Starts the {@link EmbeddedRedis} and points Spring Data Redis at it, when no Redis is configured
 * ({@code spring.data.redis.url}, {@code .host}, {@code .port}, {@code .sentinel.master} and
 * {@code .cluster.nodes} all unset).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedRedisConfiguration.NoRedisConfigured.class)
public class EmbeddedRedisConfiguration {

	@Bean(destroyMethod = "stop")
	EmbeddedRedis embeddedRedis(LogaggProperties properties) {
		Path directory = properties.dataDir().toAbsolutePath().normalize().resolve("redis");
		try {
			return EmbeddedRedis.start(directory);
		}
		catch (IOException ex) {
			throw new InvalidSettingException("cannot start the embedded Redis in " + directory + ": " + ex.getMessage()
					+ " (or configure one with --redis-url)", ex);
		}
	}

	@Bean
	DataRedisConnectionDetails embeddedRedisConnectionDetails(EmbeddedRedis redis) {
		return new DataRedisConnectionDetails() {
			@Override
			public Standalone getStandalone() {
				return Standalone.of("127.0.0.1", redis.port());
			}

			@Override
			public String getPassword() {
				return redis.password();
			}
		};
	}

	static class NoRedisConfigured implements Condition {

		private static final String[] SETTINGS = { "spring.data.redis.url", "spring.data.redis.host",
				"spring.data.redis.port", "spring.data.redis.sentinel.master", "spring.data.redis.cluster.nodes" };

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			Environment environment = context.getEnvironment();
			for (String setting : SETTINGS) {
				String value = environment.getProperty(setting);
				if (value != null && !value.isBlank()) {
					return false;
				}
			}
			return true;
		}

	}

}

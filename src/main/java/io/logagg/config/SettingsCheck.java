package io.logagg.config;

import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Checks the settings every command starts with, once every source of them is known (command
 * line, environment, {@code config/application.yml}), before anything uses them: Redis URLs must
 * parse (and are never echoed with their password), and a {@code spring.data.redis.*} name that
 * Spring Boot does not know gets a warning rather than silence. Unknown {@code logagg.*} names are
 * refused when {@link LogaggProperties} is bound.
 */
public class SettingsCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

	private static final Logger logger = LoggerFactory.getLogger(SettingsCheck.class);

	private static final ConfigurationPropertyName REDIS = ConfigurationPropertyName.of("spring.data.redis");

	/**
	 * What {@code spring.data.redis} holds in Spring Boot 4.1 (DataRedisProperties): its top-level
	 * names; a name under one of them (sentinel.master, jedis.pool.max-active) is Boot's to check.
	 */
	private static final Set<String> REDIS_NAMES = Set.of("database", "url", "host", "username", "password", "port",
			"ssl", "timeout", "connect-timeout", "client-name", "client-type", "sentinel", "cluster", "jedis", "lettuce",
			"repositories", "masterreplica", "listener");

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		ConfigurableEnvironment environment = event.getEnvironment();
		String url = environment.getProperty("spring.data.redis.url");
		if (url != null && !url.isBlank()) {
			RedisUrl.requireValid("spring.data.redis.url, --redis-url or SPRING_DATA_REDIS_URL", url);
		}
		String replica = environment.getProperty("logagg.redis.replica-url");
		if (replica != null && !replica.isBlank()) {
			RedisUrl.requireValid("logagg.redis.replica-url or --replica-url", replica);
		}
		for (String unknown : unknownRedisNames(environment)) {
			logger.warn("unknown setting " + unknown + " is ignored (Spring Boot's spring.data.redis.* are: "
					+ String.join(", ", new TreeSet<>(REDIS_NAMES)) + ")");
		}
	}

	private static Set<String> unknownRedisNames(ConfigurableEnvironment environment) {
		Set<String> unknown = new TreeSet<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source instanceof IterableConfigurationPropertySource names) {
				names.filter(REDIS::isAncestorOf).forEach(name -> {
					String first = name.getElement(REDIS.getNumberOfElements(), ConfigurationPropertyName.Form.DASHED);
					if (!REDIS_NAMES.contains(first)) {
						unknown.add(name.toString());
					}
				});
			}
		}
		return unknown;
	}

	/**
	 * After Spring Boot has loaded the configuration files and set up logging (a failure before
	 * that would be logged by Spring Boot's bootstrap logger, stack trace and all).
	 */
	@Override
	public int getOrder() {
		return LoggingApplicationListener.DEFAULT_ORDER + 1;
	}

}

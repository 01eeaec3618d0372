package io.logagg;

import io.logagg.cli.LogaggCli;
import io.logagg.config.LogaggProperties;
import io.logagg.job.FleetJobConfiguration;
import io.logagg.job.LogaggJobConfiguration;
import io.logagg.redis.EmbeddedRedisConfiguration;
import io.logagg.redis.RedisPoolConfiguration;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * The Spring Boot application behind every command. {@link #main} hands the arguments to
 * {@link LogaggCli}, which parses them and starts a context only for the commands that need one.
 * Its beans are imported by name, not found by a component scan: the two scans
 * ({@code @SpringBootApplication}'s and {@code @ConfigurationPropertiesScan}) read every class
 * file of logagg at every start. A new component goes into its package's configuration's
 * {@code @Import}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableConfigurationProperties(LogaggProperties.class)
@Import({ EmbeddedRedisConfiguration.class, RedisPoolConfiguration.class, LogaggJobConfiguration.class, FleetJobConfiguration.class })
public class LogaggApplication {

	/**
	 * Spring Boot's switch for its background pre-initialization: a thread that warms Jackson,
	 * HTTP message converters and the conversion service while the context starts. A command
	 * uses at most one of them, and on two cores that thread takes CPU from the one that starts
	 * the context (and keeps 500 Jackson classes in {@code schedule}). Off unless set.
	 */
	static final String BACKGROUND_PREINITIALIZATION_OFF = "spring.backgroundpreinitializer.ignore";

	public static void main(String[] args) {
		if (System.getProperty(BACKGROUND_PREINITIALIZATION_OFF) == null) {
			System.setProperty(BACKGROUND_PREINITIALIZATION_OFF, "true");
		}
		System.exit(LogaggCli.forProcess().run(args));
	}

}

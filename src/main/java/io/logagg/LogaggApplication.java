package io.logagg;

import io.logagg.cli.LogaggCli;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The Spring Boot application behind every command. {@link #main} hands the arguments to
 * {@link LogaggCli}, which parses them and starts a context only for the commands that need one.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
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

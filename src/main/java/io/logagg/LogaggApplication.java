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

	public static void main(String[] args) {
		System.exit(LogaggCli.forProcess().run(args));
	}

}

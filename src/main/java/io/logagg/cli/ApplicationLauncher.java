package io.logagg.cli;

import java.util.ArrayList;
import java.util.List;

import io.logagg.LogaggApplication;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the Spring context a command works in. Settings arrive as Spring Boot command-line
 * arguments ({@code --logagg.chunk-size=500}), which outrank {@code config/application.yml} and
 * environment variables, as Spring Boot documents.
 */
final class ApplicationLauncher {

	private final List<String> settings;

	private final Class<?>[] extraSources;

	/**
	 * @param settings {@code --key=value} arguments given on the command line
	 * @param extraSources further configuration classes (tests add fault injection this way)
	 */
	ApplicationLauncher(List<String> settings, Class<?>... extraSources) {
		this.settings = List.copyOf(settings);
		this.extraSources = extraSources.clone();
	}

	/** Starts a context with the command line's settings plus those a command derives from its options. */
	ConfigurableApplicationContext start(List<String> optionSettings) {
		List<String> args = new ArrayList<>(this.settings);
		args.addAll(optionSettings);
		return new SpringApplicationBuilder(LogaggApplication.class).sources(this.extraSources)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run(args.toArray(String[]::new));
	}

}

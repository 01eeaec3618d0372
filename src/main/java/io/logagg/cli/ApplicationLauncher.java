package io.logagg.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
		return start(optionSettings, WebApplicationType.NONE);
	}

	/** As {@link #start(List)}, with an embedded web server when {@code type} asks for one. */
	ConfigurableApplicationContext start(List<String> optionSettings, WebApplicationType type) {
		// One value per setting, options last so that they win: Spring Boot would join two values
		// of one name given on the command line with a comma.
		Map<String, String> byName = new LinkedHashMap<>();
		for (String setting : this.settings) {
			byName.put(setting.substring(0, setting.indexOf('=')), setting);
		}
		for (String setting : optionSettings) {
			byName.put(setting.substring(0, setting.indexOf('=')), setting);
		}
		List<String> args = new ArrayList<>(byName.values());
		return new SpringApplicationBuilder(LogaggApplication.class).sources(this.extraSources)
			.web(type)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run(args.toArray(String[]::new));
	}

}

package io.logagg.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Option;

/** The options naming what to read, for {@code run} and {@code schedule}. */
final class InputOptions {

	@Option(names = "--input", paramLabel = "DIR", description = "Directory of log files (logagg.input)")
	Path input;

	@Option(names = "--pattern", paramLabel = "GLOB",
			description = "File name glob, e.g. 'access.log*' (logagg.pattern; default: *.log*, which takes in rotated names)")
	String pattern;

	@Option(names = "--format", paramLabel = "F",
			description = "Log format: combined (default), common, vcombined, nginx:'<log_format>' or apache:'<LogFormat>' "
					+ "(logagg.format)")
	String format;

	@Option(names = "--recursive", description = "Read subdirectories too; files are named by their relative path (logagg.recursive)")
	boolean recursive;

	/** The options given, as Spring Boot arguments. */
	List<String> settings() {
		List<String> settings = new ArrayList<>();
		if (this.input != null) {
			settings.add("--logagg.input=" + this.input);
		}
		if (this.pattern != null) {
			settings.add("--logagg.pattern=" + this.pattern);
		}
		if (this.format != null) {
			settings.add("--logagg.format=" + this.format);
		}
		if (this.recursive) {
			settings.add("--logagg.recursive=true");
		}
		return settings;
	}

}

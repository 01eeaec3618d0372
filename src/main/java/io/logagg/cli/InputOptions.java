package io.logagg.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options naming what to read, for {@code run} and {@code schedule}. */
final class InputOptions {

	@Option(names = "--input", paramLabel = "DIR", description = "Directory of log files (logagg.input)")
	Path input;

	@Option(names = "--pattern", paramLabel = "GLOB",
			description = "File name glob, e.g. 'access.log*' (logagg.pattern; default: *.log*, which takes in rotated names)")
	String pattern;

	@Option(names = "--format", paramLabel = "F",
			description = "Log format: combined (default), common, vcombined, vcommon, caddy, traefik, traefikclf, awselb, awsalb, json, nginx:'<log_format>' or apache:'<LogFormat>' "
					+ "(logagg.format)")
	String format;

	@Option(names = "--all-sources",
			description = "Read every source listed in logagg.sources, each a partition of one job, logagg.threads at a time")
	boolean allSources;

	@Option(names = "--recursive", description = "Read subdirectories too; files are named by their relative path (logagg.recursive)")
	boolean recursive;

	/** Refuses {@code --all-sources} together with an option that names one source's input. */
	void requireOneKindOfInput(CommandLine commandLine) {
		if (this.allSources && (this.input != null || this.pattern != null || this.format != null)) {
			throw new ParameterException(commandLine,
					"--all-sources reads the sources of logagg.sources, each with its own input, pattern and format: "
							+ "give it without --input, --pattern and --format");
		}
	}

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

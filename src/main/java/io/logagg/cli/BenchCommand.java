package io.logagg.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.logagg.bench.Benchmark;
import io.logagg.bench.LineLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import org.springframework.util.FileSystemUtils;

/** {@code logagg bench}: measures the job on generated data with a private Redis. */
@Command(name = "bench", sortOptions = false, mixinStandardHelpOptions = true,
		description = "Generate access logs (fixed seed), start a private redis-server, run the job on them and "
				+ "print lines/s and MB/s (job start to snapshot end), the time to resume at 10%% and 90%% of"
				+ " a large file, and the peak heap. Run it with the heap you deploy with, e.g. java "
				+ "-Xmx256m.")
final class BenchCommand implements Callable<Integer> {

	@ParentCommand
	LogaggCommand parent;

	@Spec
	CommandSpec spec;

	@Option(names = "--lines", defaultValue = "1000000", description = "Lines to generate (default: ${DEFAULT-VALUE})")
	long lines;

	@Option(names = "--files", defaultValue = "5", description = "Files to spread them over (default: ${DEFAULT-VALUE})")
	int files;

	@Option(names = "--runs", defaultValue = "3", description = "Job runs, each on a fresh source (default: ${DEFAULT-VALUE})")
	int runs;

	@Option(names = "--resume-file-mb", defaultValue = "1000",
			description = "Size of the file for the resume timings, 0 to skip (default: ${DEFAULT-VALUE})")
	int resumeFileMegabytes;

	@Option(names = "--redis-option", paramLabel = "NAME=VALUE",
			description = "A setting of the private redis-server, repeatable: appendonly=yes, appendfsync=always")
	List<String> redisOptions = new ArrayList<>();

	@Option(names = "--replica", description = "Start a replica too and run with logagg.redis.wait-replicas=1")
	boolean replica;

	@Option(names = "--fresh-jvm",
			description = "Run each job as `logagg run` in a new JVM with this one's options, as cron does; the first "
					+ "run of this JVM is warmed by generating the data")
	boolean freshJvm;

	@Option(names = "--format", defaultValue = "combined", paramLabel = "LAYOUT", converter = LayoutConverter.class,
			description = "Write the data set as combined, nginx (with $request_time $host), apache (with %%D %%v), caddy, "
					+ "traefik, w3c, cloudfront, squid, awss3, cloudstorage, vcommon, traefikclf or awsalb, and read it with that "
					+ "format (default: ${DEFAULT-VALUE})")
	LineLayout layout;

	@Option(names = "--work-dir", paramLabel = "DIR", description = "Where to put data and Redis files (default: a temporary directory, deleted)")
	Path workDirectory;

	@Override
	public Integer call() throws Exception {
		if (this.lines < 1 || this.files < 1 || this.runs < 1 || this.resumeFileMegabytes < 0) {
			throw new picocli.CommandLine.ParameterException(this.spec.commandLine(),
					"--lines, --files and --runs must be positive, --resume-file-mb not negative");
		}
		boolean temporary = this.workDirectory == null;
		Path directory = temporary ? Files.createTempDirectory("logagg-bench-") : this.workDirectory;
		try {
			Benchmark.Settings settings;
			try {
				settings = new Benchmark.Settings(this.lines, this.files, this.runs, this.resumeFileMegabytes, directory,
						this.redisOptions, this.replica, this.freshJvm, this.parent.launcher.settings(), this.layout);
			}
			catch (IllegalArgumentException ex) {
				// Only --redis-option is checked there; a bad one is bad usage, not a failed benchmark.
				throw new picocli.CommandLine.ParameterException(this.spec.commandLine(), "--redis-option " + ex.getMessage());
			}
			new Benchmark(settings, this.spec.commandLine().getOut()).run(this.parent.launcher::start);
			return ExitCodes.OK;
		}
		finally {
			if (temporary) {
				FileSystemUtils.deleteRecursively(directory);
			}
		}
	}

	/** A layout by its lower-case name, as the help lists them. */
	static final class LayoutConverter implements ITypeConverter<LineLayout> {

		@Override
		public LineLayout convert(String value) {
			try {
				return LineLayout.named(value);
			}
			catch (IllegalArgumentException ex) {
				throw new TypeConversionException("'" + value + "' is not one of " + java.util.Arrays.stream(LineLayout.values())
					.map(layout -> layout.name().toLowerCase(java.util.Locale.ROOT)).collect(java.util.stream.Collectors.joining(", ")));
			}
		}

	}

}

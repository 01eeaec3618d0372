package io.logagg.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import picocli.CommandLine;

/**
 * The command line: parses the arguments, runs one command and returns its exit code, without
 * calling {@link System#exit} so that tests can run it in-process.
 *
 * <p>Arguments of the form {@code --logagg.x=y}, {@code --spring.x=y} or {@code --logging.x=y}
 * are Spring Boot settings: they bypass the option parser and go to the Spring context as they
 * are.
 */
public final class LogaggCli {

	private static final Pattern SPRING_SETTING = Pattern.compile("--(logagg|spring|logging)\\.[^=]+=.*");

	private final PrintStream out;

	private final PrintStream err;

	private final Class<?>[] extraSources;

	/**
	 * @param out where results go
	 * @param err where messages go
	 * @param extraSources further Spring configuration classes for every context (tests)
	 */
	public LogaggCli(PrintStream out, PrintStream err, Class<?>... extraSources) {
		this.out = out;
		this.err = err;
		this.extraSources = extraSources.clone();
	}

	/** Runs the command the arguments name and returns its exit code (see {@link ExitCodes}). */
	public int run(String... args) {
		List<String> settings = new ArrayList<>();
		List<String> options = new ArrayList<>();
		for (String arg : args) {
			(SPRING_SETTING.matcher(arg).matches() ? settings : options).add(arg);
		}
		boolean verbose = options.contains("--verbose");
		CommandLine commandLine = new CommandLine(new LogaggCommand(new ApplicationLauncher(settings, this.extraSources)));
		PrintWriter outWriter = new PrintWriter(new java.io.OutputStreamWriter(this.out, StandardCharsets.UTF_8), true);
		PrintWriter errWriter = new PrintWriter(new java.io.OutputStreamWriter(this.err, StandardCharsets.UTF_8), true);
		commandLine.setOut(outWriter);
		commandLine.setErr(errWriter);
		commandLine.setParameterExceptionHandler((ex, ignored) -> {
			CommandLine failed = ex.getCommandLine();
			errWriter.println("logagg: " + ex.getMessage());
			errWriter.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more information.");
			return ExitCodes.USAGE;
		});
		commandLine.setExecutionExceptionHandler((ex, failed, parseResult) -> ExitCodes.report(ex, errWriter, verbose));
		int code = commandLine.execute(options.toArray(String[]::new));
		outWriter.flush();
		errWriter.flush();
		return code;
	}

	/** Arguments as one string, for messages; never used for Redis URLs. */
	static String join(String... args) {
		return String.join(" ", Arrays.asList(args));
	}

}

package io.logagg.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import picocli.CommandLine;

/**
 * The command line: parses the arguments, runs one command and returns its exit code, without
 * calling {@link System#exit} so that tests can run it in-process.
 *
 * <p>Arguments of the form {@code --logagg.x=y}, {@code --spring.x=y}, {@code --logging.x=y},
 * {@code --server.x=y} or {@code --management.x=y} (the dashboard's TLS, say)
 * are Spring Boot settings: they bypass the option parser and go to the Spring context as they
 * are.
 */
public final class LogaggCli {

	private static final Pattern SPRING_SETTING = Pattern.compile("--(logagg|spring|logging|server|management)\\.[^=]+=.*");

	private final PrintStream out;

	private final PrintStream err;

	private final Class<?>[] extraSources;

	private final boolean handleSignals;

	/**
	 * @param out where results go
	 * @param err where messages go
	 * @param extraSources further Spring configuration classes for every context (tests)
	 */
	public LogaggCli(PrintStream out, PrintStream err, Class<?>... extraSources) {
		this(out, err, false, extraSources);
	}

	private LogaggCli(PrintStream out, PrintStream err, boolean handleSignals, Class<?>... extraSources) {
		this.out = out;
		this.err = err;
		this.handleSignals = handleSignals;
		this.extraSources = extraSources.clone();
	}

	/** The command line of the logagg process itself: SIGTERM and SIGINT stop a run gracefully. */
	public static LogaggCli forProcess() {
		return new LogaggCli(System.out, System.err, true);
	}

	/** Runs the command the arguments name and returns its exit code (see {@link ExitCodes}). */
	public int run(String... args) {
		List<String> settings = new ArrayList<>();
		List<String> options = new ArrayList<>();
		for (String arg : args) {
			(SPRING_SETTING.matcher(arg).matches() ? settings : options).add(arg);
		}
		boolean verbose = options.contains("--verbose");
		CommandLine commandLine = new CommandLine(
				new LogaggCommand(new ApplicationLauncher(settings, this.extraSources), this.handleSignals));
		addSubcommands(commandLine, options.isEmpty() ? null : options.get(0));
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

	/**
	 * Adds the named subcommand alone when the arguments start with one, every subcommand
	 * otherwise (help, a misspelt name). Picocli reads each command's annotations when it is added:
	 * all nine took about 0.17 s of a cron tick's start-up.
	 */
	private static void addSubcommands(CommandLine commandLine, String first) {
		for (Class<?> subcommand : LogaggCommand.SUBCOMMANDS) {
			if (nameOf(subcommand).equals(first)) {
				commandLine.addSubcommand(subcommand);
				return;
			}
		}
		LogaggCommand.SUBCOMMANDS.forEach(commandLine::addSubcommand);
	}

	private static String nameOf(Class<?> subcommand) {
		return subcommand.getAnnotation(CommandLine.Command.class).name();
	}

}

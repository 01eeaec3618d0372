package io.logagg.cli;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The top-level {@code logagg} command: does nothing by itself; {@link #SUBCOMMANDS} are added by
 * {@link LogaggCli}, only the one named when a command is named.
 */
@Command(name = "logagg", mixinStandardHelpOptions = true, version = "logagg 0.1.0",
		description = "Aggregates log files into Redis, exactly once, resuming where the last run stopped. Every "
				+ "logagg.* and spring.* setting can also be given as --name=value.",
		footer = { "", "Exit codes: 0 success, 1 the job failed, 2 bad usage or configuration, 3 another run holds"
				+ " the source, 129/130/143 run stopped by SIGHUP/SIGINT/SIGTERM." })
final class LogaggCommand implements Callable<Integer> {

	/** In the order {@code logagg --help} lists them. */
	static final List<Class<?>> SUBCOMMANDS = List.of(RunCommand.class, RestartCommand.class, ScheduleCommand.class,
			ReportCommand.class, StatusCommand.class, SourcesCommand.class, ResetCommand.class, VerifyCommand.class,
			CheckFormatCommand.class, BenchCommand.class, ServeCommand.class);

	final ApplicationLauncher launcher;

	final boolean handleSignals;

	@Spec
	CommandSpec spec;

	LogaggCommand(ApplicationLauncher launcher, boolean handleSignals) {
		this.launcher = launcher;
		this.handleSignals = handleSignals;
	}

	@Override
	public Integer call() {
		this.spec.commandLine().usage(this.spec.commandLine().getErr());
		return ExitCodes.USAGE;
	}

}

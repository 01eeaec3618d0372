package io.logagg.cli;

import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.logagg.config.LogaggProperties;
import io.logagg.job.FleetRunner;
import io.logagg.job.FleetRunner.FleetSummary;
import io.logagg.job.IdleRun;
import io.logagg.job.LastRunOutcome;
import io.logagg.job.LogaggJobRunner;
import io.logagg.job.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import org.springframework.batch.core.BatchStatus;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/** {@code logagg run}: aggregates what is new in the input directory, then makes Redis persist. */
@Command(name = "run", sortOptions = false,
		description = "Aggregate the lines not yet counted, from the checkpoint on, then persist Redis. Prints "
				+ "one summary line: source, status, files, lines, malformed, bytes, seconds, lines/s, "
				+ "checkpoint.",
		footer = { "", "Exit codes: 0 success, 1 the job failed, 2 bad usage or configuration, 3 another run holds"
				+ " the source, 129/130/143 stopped by SIGHUP/SIGINT/SIGTERM (resume with run or restart)." })
final class RunCommand implements Callable<Integer> {

	@ParentCommand
	LogaggCommand parent;

	@Spec
	CommandSpec spec;

	@Mixin
	InputOptions input;

	@Mixin
	CommonOptions common;

	@Override
	public Integer call() throws Exception {
		this.input.requireOneKindOfInput(this.spec.commandLine());
		List<String> settings = new ArrayList<>(this.common.settings());
		settings.addAll(this.input.settings());
		if (this.input.allSources) {
			try (ConfigurableApplicationContext context = this.parent.launcher.start(settings)) {
				FleetRunner fleet = context.getBean(FleetRunner.class);
				try (StopSignals signals = StopSignals.install(this.parent.handleSignals, fleet::stop)) {
					return outcome(fleet.run(), signals, this.spec, this.common.verbose);
				}
			}
		}
		// A source whose last run read lines most likely has lines again, and a first run has a
		// backlog: such a run starts the job's context at once, which looks for something new
		// itself, instead of the idle context first.
		Optional<ConfigurableApplicationContext> idleContext = this.parent.launcher
			.startIdleRunUnless(RunCommand::expectsLines, settings);
		ConfigurableApplicationContext context;
		if (idleContext.isPresent()) {
			try (ConfigurableApplicationContext idle = idleContext.get()) {
				Optional<Integer> code = runIfNothingNew(idle.getBean(IdleRun.class), idle);
				if (code.isPresent()) {
					return code.get();
				}
				// Started before the Redis-only context closes, so that an embedded Redis stays up.
				context = this.parent.launcher.start(settings);
			}
		}
		else {
			context = this.parent.launcher.start(settings);
		}
		try (context) {
			if (idleContext.isEmpty()) {
				Optional<Integer> code = runIfNothingNew(context.getBean(IdleRun.class), context);
				if (code.isPresent()) {
					return code.get();
				}
			}
			LogaggJobRunner runner = context.getBean(LogaggJobRunner.class);
			try (StopSignals signals = StopSignals.install(this.parent.handleSignals, runner::stop)) {
				RunSummary summary = runner.run();
				lastRun(context).record(true);
				return outcome(summary, signals, this.spec, this.common.verbose);
			}
		}
	}

	/** The run's exit code if it found nothing new (and did the run with Redis alone), else empty. */
	private Optional<Integer> runIfNothingNew(IdleRun idle, ConfigurableApplicationContext context)
			throws InterruptedException {
		try (StopSignals signals = StopSignals.install(this.parent.handleSignals, () -> {
		})) {
			Optional<RunSummary> summary = idle.runIfNothingNew();
			if (summary.isEmpty()) {
				return Optional.empty();
			}
			lastRun(context).record(false);
			return Optional.of(outcome(summary.get(), signals, this.spec, this.common.verbose));
		}
	}

	private static LastRunOutcome lastRun(ConfigurableApplicationContext context) {
		LogaggProperties properties = context.getBean(LogaggProperties.class);
		return LastRunOutcome.of(properties.dataDir(), properties.source());
	}

	private static boolean expectsLines(Environment environment) {
		String dataDir = environment.getProperty("logagg.data-dir");
		String source = environment.getProperty("logagg.source");
		try {
			return dataDir != null && source != null && LastRunOutcome.of(Path.of(dataDir), source).expectsLines();
		}
		catch (InvalidPathException ex) {
			// The settings' check reports it, with the context it needs.
			return false;
		}
	}

	/**
	 * Prints a summary line per source and returns the run's exit code: 1 if any source did not
	 * complete, each named on stderr with why.
	 */
	static int outcome(FleetSummary fleet, StopSignals signals, CommandSpec spec, boolean verbose) {
		PrintWriter out = spec.commandLine().getOut();
		fleet.sources().forEach(summary -> out.println(summary.line()));
		out.flush();
		if (signals.received()) {
			return signals.exitCode();
		}
		if (fleet.status() == BatchStatus.COMPLETED) {
			return ExitCodes.OK;
		}
		PrintWriter err = spec.commandLine().getErr();
		for (RunSummary summary : fleet.sources()) {
			if (summary.status() != BatchStatus.COMPLETED) {
				err.println("logagg: source " + summary.source() + " " + summary.status()
						+ ((summary.failure() != null) ? ": " + FailureMessage.of(summary.failure()) : ""));
			}
		}
		if (fleet.failure() != null) {
			return ExitCodes.report(fleet.failure(), err, verbose);
		}
		err.println("logagg: job execution #" + fleet.executionId() + " ended " + fleet.status()
				+ "; the sources that completed are committed, 'logagg restart --all-sources' reads the others again");
		return ExitCodes.JOB_FAILED;
	}

	/** Prints a run's summary line and returns the run's exit code. */
	static int outcome(RunSummary summary, StopSignals signals, CommandSpec spec, boolean verbose) {
		PrintWriter out = spec.commandLine().getOut();
		out.println(summary.line());
		out.flush();
		if (signals.received()) {
			return signals.exitCode();
		}
		if (summary.status() == BatchStatus.COMPLETED) {
			if (summary.files() == 0) {
				spec.commandLine().getErr().println("logagg: nothing to read: no file matches the pattern at or after the checkpoint");
			}
			return ExitCodes.OK;
		}
		Throwable failure = (summary.failure() != null) ? summary.failure()
				: new IllegalStateException("job execution #" + summary.executionId() + " ended " + summary.status());
		return ExitCodes.report(failure, spec.commandLine().getErr(), verbose);
	}

}

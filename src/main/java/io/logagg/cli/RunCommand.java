package io.logagg.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.logagg.job.FleetRunner;
import io.logagg.job.FleetRunner.FleetSummary;
import io.logagg.job.IdleRun;
import io.logagg.job.LogaggJobRunner;
import io.logagg.job.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import org.springframework.batch.core.BatchStatus;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code logagg run}: aggregates what is new in the input directory, then makes Redis persist. */
@Command(name = "run", sortOptions = false,
		description = "Aggregate the lines not yet counted, from the checkpoint on, then persist Redis. Prints "
				+ "one summary line: source, status, files, lines, malformed, bytes, seconds, lines/s, "
				+ "checkpoint.",
		footer = { "", "Exit codes: 0 success, 1 the job failed, 2 bad usage or configuration, 3 another run holds"
				+ " the source, 130/143 stopped by SIGINT/SIGTERM (resume with run or restart)." })
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
		ConfigurableApplicationContext context;
		try (ConfigurableApplicationContext idle = this.parent.launcher.startIdleRun(settings)) {
			try (StopSignals signals = StopSignals.install(this.parent.handleSignals, () -> {
			})) {
				Optional<RunSummary> summary = idle.getBean(IdleRun.class).runIfNothingNew();
				if (summary.isPresent()) {
					return outcome(summary.get(), signals, this.spec, this.common.verbose);
				}
			}
			// Started before the Redis-only context closes, so that an embedded Redis stays up.
			context = this.parent.launcher.start(settings);
		}
		try (context) {
			LogaggJobRunner runner = context.getBean(LogaggJobRunner.class);
			try (StopSignals signals = StopSignals.install(this.parent.handleSignals, runner::stop)) {
				RunSummary summary = runner.run();
				return outcome(summary, signals, this.spec, this.common.verbose);
			}
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

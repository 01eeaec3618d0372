package io.logagg.cli;

import java.util.Optional;
import java.util.concurrent.Callable;

import io.logagg.job.FleetRunner;
import io.logagg.job.FleetRunner.FleetSummary;
import io.logagg.job.LogaggJobRunner;
import io.logagg.job.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import org.springframework.context.ConfigurableApplicationContext;

/** {@code logagg restart}: restarts a failed, stopped or killed job execution. */
@Command(name = "restart", sortOptions = false,
		description = "Restart the source's last failed, stopped or interrupted job execution (same job instance,"
				+ " same input), through Spring Batch's JobOperator. An execution left STARTED by a killed "
				+ "process is first marked FAILED. Reading resumes at the checkpoint in Redis.",
		footer = { "", "Exit codes as for run; 0 with a notice when the last execution completed." })
final class RestartCommand implements Callable<Integer> {

	@ParentCommand
	LogaggCommand parent;

	@Spec
	CommandSpec spec;

	@Option(names = "--execution", paramLabel = "ID", description = "Job execution to restart (default: the source's last)")
	Long execution;

	@Mixin
	CommonOptions common;

	@Option(names = "--all-sources",
			description = "Restart the last run of --all-sources: only the sources that did not complete read again")
	boolean allSources;

	@Override
	public Integer call() throws Exception {
		try (ConfigurableApplicationContext context = this.parent.launcher.start(this.common.settings())) {
			LogaggJobRunner runner = context.getBean(LogaggJobRunner.class);
			try (StopSignals signals = StopSignals.install(this.parent.handleSignals, runner::stop)) {
				if (this.allSources) {
					Optional<FleetSummary> fleet = context.getBean(FleetRunner.class).restart(this.execution);
					if (fleet.isEmpty()) {
						this.spec.commandLine().getErr().println("logagg: the last run of --all-sources completed; nothing to restart");
						return ExitCodes.OK;
					}
					return RunCommand.outcome(fleet.get(), signals, this.spec, this.common.verbose);
				}
				Optional<RunSummary> summary = runner.restart(this.execution);
				if (summary.isEmpty()) {
					this.spec.commandLine().getErr().println("logagg: the last execution completed; nothing to restart");
					return ExitCodes.OK;
				}
				return RunCommand.outcome(summary.get(), signals, this.spec, this.common.verbose);
			}
		}
	}

}

package io.logagg.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import io.logagg.job.LogaggJobRunner;
import io.logagg.job.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import org.springframework.batch.core.BatchStatus;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code logagg run}: aggregates what is new in the input directory, then makes Redis persist. */
@Command(name = "run", sortOptions = false,
		description = { "Aggregate the lines not yet counted, from the checkpoint on, then persist Redis.",
				"Prints one summary line: source, status, files, lines, malformed, bytes, seconds, lines/s,",
				"checkpoint." })
final class RunCommand implements Callable<Integer> {

	@ParentCommand
	LogaggCommand parent;

	@Spec
	CommandSpec spec;

	@Option(names = "--input", paramLabel = "DIR", description = "Directory of log files (logagg.input)")
	Path input;

	@Option(names = "--pattern", paramLabel = "GLOB",
			description = "File name glob, e.g. 'access*.log' (logagg.pattern; default: *.log)")
	String pattern;

	@Mixin
	CommonOptions common;

	@Override
	public Integer call() throws Exception {
		List<String> settings = new java.util.ArrayList<>(this.common.settings());
		if (this.input != null) {
			settings.add("--logagg.input=" + this.input);
		}
		if (this.pattern != null) {
			settings.add("--logagg.pattern=" + this.pattern);
		}
		try (ConfigurableApplicationContext context = this.parent.launcher.start(settings)) {
			RunSummary summary = context.getBean(LogaggJobRunner.class).run();
			this.spec.commandLine().getOut().println(summary.line());
			if (summary.status() == BatchStatus.COMPLETED) {
				return ExitCodes.OK;
			}
			Throwable failure = (summary.failure() != null) ? summary.failure()
					: new IllegalStateException("job ended " + summary.status());
			return ExitCodes.report(failure, this.spec.commandLine().getErr(), this.common.verbose);
		}
	}

}

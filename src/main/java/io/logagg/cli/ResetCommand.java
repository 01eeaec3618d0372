package io.logagg.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import io.logagg.config.InvalidSettingException;
import io.logagg.config.LogaggProperties;
import io.logagg.job.SourceReset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import org.springframework.context.ConfigurableApplicationContext;

/** {@code logagg reset --source NAME}: starts a source over, as after a wrong --format. */
@Command(name = "reset", sortOptions = false,
		description = "Start a source over: delete every Redis key of the source (its checkpoint, file records and "
				+ "aggregates) and the job executions of its runs, and nothing else. Its next run reads every file from the "
				+ "start. Asks to type the source's name, or takes --yes.",
		footer = { "", "Exit codes: 0 reset, 2 bad usage or not confirmed, 3 a run of the source holds its lock." })
final class ResetCommand implements Callable<Integer> {

	@ParentCommand
	LogaggCommand parent;

	@Spec
	CommandSpec spec;

	@Option(names = "--yes", description = "Do not ask: for scripts")
	boolean yes;

	@Mixin
	CommonOptions common;

	@Override
	public Integer call() throws IOException {
		if (this.common.source == null) {
			throw new InvalidSettingException("reset needs --source NAME: it deletes that source's data");
		}
		try (ConfigurableApplicationContext context = this.parent.launcher.start(this.common.settings())) {
			String source = context.getBean(LogaggProperties.class).source();
			if (!this.yes && !confirmed(source)) {
				throw new InvalidSettingException("source '" + source + "' not reset: not confirmed (type its name when asked, or "
						+ "give --yes)");
			}
			SourceReset.Removed removed = context.getBean(SourceReset.class).reset(source);
			this.spec.commandLine().getOut().println("logagg reset: source=" + source + " keys=" + removed.keys()
					+ " job-instances=" + removed.jobInstances());
			this.spec.commandLine().getOut().flush();
			return ExitCodes.OK;
		}
	}

	/** Asks on the terminal for the source's name; false without a terminal. */
	private boolean confirmed(String source) throws IOException {
		if (System.console() == null) {
			return false;
		}
		this.spec.commandLine().getErr().print("This deletes every key of source '" + source
				+ "' and its job history; type its name to go on: ");
		this.spec.commandLine().getErr().flush();
		String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
		return source.equals((answer != null) ? answer.trim() : null);
	}

}

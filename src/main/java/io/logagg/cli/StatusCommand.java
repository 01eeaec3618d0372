package io.logagg.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.logagg.checkpoint.KeyLayout;
import io.logagg.config.LogaggProperties;
import io.logagg.read.PrintableName;
import io.logagg.report.StatusReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** {@code logagg status}: where the source's checkpoint is, and its last job executions. */
@Command(name = "status", sortOptions = false, description = "Print the checkpoint of a source and its last job executions.")
final class StatusCommand implements Callable<Integer> {

	@ParentCommand
	LogaggCommand parent;

	@Spec
	CommandSpec spec;

	@Option(names = "--json", description = "One JSON object: source, file, offset, lines, malformed, updated, executions")
	boolean json;

	@Mixin
	ReplicaOption replica;

	@Mixin
	CommonOptions common;

	@Override
	public Integer call() {
		try (ConfigurableApplicationContext context = this.replica.startReading(this.parent.launcher, this.common.settings(), true)) {
			RedisConnectionFactory connectionFactory = context.getBean(RedisConnectionFactory.class);
			this.replica.requireReachable(context);
			StatusReport status = StatusReport.read(connectionFactory, context.getBean(StringRedisTemplate.class),
					context.getBean(JobRepository.class),
					new KeyLayout(context.getBean(LogaggProperties.class).source()));
			PrintWriter out = this.spec.commandLine().getOut();
			if (this.json) {
				out.println(context.getBean(JsonMapper.class).writeValueAsString(status));
				return ExitCodes.OK;
			}
			out.printf(Locale.ROOT, "source %s: checkpoint %s, %d lines, %d malformed, updated %s%n", status.source(),
					(status.file() != null) ? PrintableName.of(status.file()) + " @ " + status.offset() : "none (nothing read yet)",
					status.lines(), status.malformed(), (status.updated() != null) ? status.updated() : "never");
			out.println("last executions:");
			for (StatusReport.Execution execution : status.executions()) {
				out.printf(Locale.ROOT, "  #%d %-9s %-23s %-23s %s%n", execution.id(), execution.status(),
						execution.start(), execution.end(), execution.exitDescription());
			}
			return ExitCodes.OK;
		}
	}

}

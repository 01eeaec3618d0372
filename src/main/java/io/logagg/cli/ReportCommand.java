package io.logagg.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import io.logagg.checkpoint.KeyLayout;
import io.logagg.config.LogaggProperties;
import io.logagg.redis.RedisEndpoint;
import io.logagg.report.AggregateReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** {@code logagg report}: the source's aggregates, as text or one JSON object. */
@Command(name = "report", sortOptions = false, description = "Print the aggregates of a source.")
final class ReportCommand implements Callable<Integer> {

	@ParentCommand
	LogaggCommand parent;

	@Spec
	CommandSpec spec;

	@Option(names = "--json", description = "One JSON object: source, lines, malformed, bytes, status, minutes, topPaths")
	boolean json;

	@Option(names = "--malformed",
			description = "Show the malformed lines kept as samples (logagg.malformed.keep) instead of the aggregates")
	boolean malformed;

	@Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "Paths to list (default: ${DEFAULT-VALUE})")
	int top;

	@Mixin
	CommonOptions common;

	@Override
	public Integer call() {
		if (this.top < 0) {
			throw new picocli.CommandLine.ParameterException(this.spec.commandLine(), "--top must not be negative");
		}
		try (ConfigurableApplicationContext context = this.parent.launcher.start(this.common.settings())) {
			RedisEndpoint.requireReachable(context.getBean(RedisConnectionFactory.class));
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			KeyLayout keys = new KeyLayout(context.getBean(LogaggProperties.class).source());
			AggregateReport report = AggregateReport.read(redis, keys, this.top);
			PrintWriter out = this.spec.commandLine().getOut();
			if (this.malformed) {
				List<AggregateReport.MalformedSample> samples = AggregateReport.malformedSamples(redis, keys);
				if (this.json) {
					out.println(context.getBean(JsonMapper.class)
						.writeValueAsString(new MalformedReport(report.source(), report.malformed(), samples)));
				}
				else {
					out.printf(Locale.ROOT, "source %s: %d malformed lines, the first %d kept:%n", report.source(),
							report.malformed(), samples.size());
					samples.forEach(sample -> out.printf(Locale.ROOT, "  %s@%d: %s%n", sample.file(), sample.offset(),
							sample.excerpt()));
				}
				return ExitCodes.OK;
			}
			if (this.json) {
				out.println(context.getBean(JsonMapper.class).writeValueAsString(report));
			}
			else {
				printText(report, out);
			}
			return ExitCodes.OK;
		}
	}

	/**
	 * What {@code report --malformed --json} prints.
	 *
	 * @param source the source
	 * @param malformed how many malformed lines were counted
	 * @param samples the first ones, kept
	 */
	record MalformedReport(String source, long malformed, List<AggregateReport.MalformedSample> samples) {
	}

	private static void printText(AggregateReport report, PrintWriter out) {
		out.printf(Locale.ROOT, "source %s: %d lines, %d malformed, %d bytes%n", report.source(), report.lines(),
				report.malformed(), report.bytes());
		out.println("status:");
		for (Map.Entry<String, Long> entry : report.status().entrySet()) {
			out.printf(Locale.ROOT, "  %s %10d %6.2f%%%n", entry.getKey(), entry.getValue(),
					(report.lines() > 0) ? 100.0 * entry.getValue() / report.lines() : 0.0);
		}
		if (!report.minutes().isEmpty()) {
			Map.Entry<String, Long> busiest = report.minutes().entrySet().stream()
				.max(Map.Entry.comparingByValue())
				.orElseThrow();
			out.printf(Locale.ROOT, "minutes: %d, from %s to %s; busiest %s with %d%n", report.minutes().size(),
					report.minutes().keySet().iterator().next(),
					report.minutes().keySet().stream().reduce((a, b) -> b).orElseThrow(), busiest.getKey(),
					busiest.getValue());
		}
		out.println("top paths:");
		for (AggregateReport.PathCount path : report.topPaths()) {
			out.printf(Locale.ROOT, "  %10d  %s%n", path.count(), path.path());
		}
	}

}

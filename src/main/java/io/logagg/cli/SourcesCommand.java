package io.logagg.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.logagg.read.PrintableName;
import io.logagg.report.SourceSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

/** {@code logagg sources}: every source found in Redis, with its checkpoint, counts and lag. */
@Command(name = "sources", sortOptions = false,
		description = "List every source found in Redis: checkpoint, lines, malformed, last update and lag (the age of"
				+ " its last commit).")
final class SourcesCommand implements Callable<Integer> {

	@ParentCommand
	LogaggCommand parent;

	@Spec
	CommandSpec spec;

	@Option(names = "--json", description = "One JSON list of objects: source, file, offset, lines, malformed, updated, lagSeconds")
	boolean json;

	@Mixin
	ReplicaOption replica;

	@Mixin
	CommonOptions common;

	@Override
	public Integer call() {
		try (ConfigurableApplicationContext context = this.replica.startReading(this.parent.launcher, this.common.settings(), false)) {
			this.replica.requireReachable(context);
			List<SourceSummary> sources = SourceSummary.readAll(context.getBean(StringRedisTemplate.class), Instant.now());
			PrintWriter out = this.spec.commandLine().getOut();
			if (this.json) {
				out.println(context.getBean(JsonMapper.class).writeValueAsString(sources));
				return ExitCodes.OK;
			}
			if (sources.isEmpty()) {
				out.println("no source in this Redis yet: a source appears with its first committed chunk");
				return ExitCodes.OK;
			}
			// 100 columns: long names and checkpoints keep their ends, which tell them apart.
			out.printf(Locale.ROOT, "%-16s %-30s %11s %9s %-20s %8s%n", "source", "checkpoint", "lines", "malformed", "updated", "lag");
			for (SourceSummary source : sources) {
				out.printf(Locale.ROOT, "%-16s %-30s %,11d %,9d %-20s %8s%n", tail(source.source(), 16),
						tail(PrintableName.of(String.valueOf(source.file())) + "@" + source.offset(), 30), source.lines(),
						source.malformed(), (source.updated() != null) ? Instant.parse(source.updated()).truncatedTo(ChronoUnit.SECONDS) : "-",
						(source.lagSeconds() != null) ? lag(source.lagSeconds()) : "-");
			}
			return ExitCodes.OK;
		}
	}

	private static String tail(String text, int width) {
		return (text.length() <= width) ? text : "..." + text.substring(text.length() - width + 3);
	}

	private static String lag(long seconds) {
		if (seconds < 120) {
			return seconds + " s";
		}
		if (seconds < 7200) {
			return seconds / 60 + " min";
		}
		return (seconds < 172_800) ? seconds / 3600 + " h" : seconds / 86_400 + " d";
	}

}

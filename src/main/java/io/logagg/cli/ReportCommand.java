package io.logagg.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.logagg.checkpoint.CheckpointStore;
import io.logagg.checkpoint.KeyLayout;
import io.logagg.config.InvalidSettingException;
import io.logagg.config.LogaggProperties;
import io.logagg.read.FilePosition;
import io.logagg.read.PrintableName;
import io.logagg.report.AggregateReport;
import io.logagg.report.DerivedPanels;
import io.logagg.report.GeoDatabases;
import io.logagg.report.CsvReport;
import io.logagg.report.HtmlReport;
import io.logagg.report.RangeMinute;
import io.logagg.report.SourceSelection;
import io.logagg.report.StatusReport;
import io.logagg.report.TextReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** {@code logagg report}: the source's aggregates, as text or one JSON object. */
@Command(name = "report", sortOptions = false,
		description = "Print the aggregates of a source: a table that fits 100 columns, one JSON object (--json),"
				+ " or a self-contained HTML page with charts (--html FILE). --source also takes globs and comma"
				+ " lists ('web-*', 'web-01,web-02'): the sources they match are merged.")
final class ReportCommand implements Callable<Integer> {

	@ParentCommand
	LogaggCommand parent;

	@Spec
	CommandSpec spec;

	@Option(names = "--json", description = "One JSON object: source, lines, malformed, bytes, status, minutes, topPaths")
	boolean json;

	@Option(names = "--csv", description = "The panels, days and status codes as CSV rows (RFC 4180): panel, rank, value, "
			+ "requests, share, bytes, p95_ms")
	boolean csv;

	@Option(names = "--malformed",
			description = "Show the malformed lines kept as samples (logagg.malformed.keep) instead of the aggregates")
	boolean malformed;

	@Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "Paths to list (default: ${DEFAULT-VALUE})")
	int top;

	@Option(names = "--html", paramLabel = "FILE",
			description = "Write one self-contained HTML page with charts (per minute, status codes), top paths, "
					+ "checkpoint and last executions; - writes it to stdout. A file is replaced, a symbolic link at its name too, "
					+ "never followed")
	Path html;

	/** The databases of {@code logagg.geoip.database}, opened for one report. */
	private static GeoDatabases geoDatabases(LogaggProperties properties) {
		try {
			return GeoDatabases.open(properties.geoip().database());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidSettingException(ex.getMessage(), ex);
		}
	}

	@Option(names = "--since", paramLabel = "MINUTE", description = "First minute of the per-minute series, yyyy-MM-ddTHH:mm, in the source's logagg.time-zone (UTC by default)")
	String since;

	@Option(names = "--until", paramLabel = "MINUTE", description = "Last minute of the per-minute series, yyyy-MM-ddTHH:mm, in the source's logagg.time-zone (UTC by default)")
	String until;

	@Mixin
	ReplicaOption replica;

	@Mixin
	CommonOptions common;

	@Override
	public Integer call() throws IOException {
		if (this.top < 1) {
			throw new InvalidSettingException("--top must be at least 1, not " + this.top);
		}
		requireMinute("--since", this.since);
		requireMinute("--until", this.until);
		requireHtmlFile();
		if (this.csv && (this.json || this.html != null || this.malformed)) {
			throw new ParameterException(this.spec.commandLine(), "--csv is a report of its own: give it without --json, --html "
					+ "or --malformed");
		}
		if (this.since != null && this.until != null && this.since.compareTo(this.until) > 0) {
			// Minutes in that form sort as text in time order.
			throw new InvalidSettingException(
					"--since " + this.since + " is later than --until " + this.until + ": the range is empty");
		}
		boolean selection = SourceSelection.isSelection(this.common.source);
		if (selection && this.malformed) {
			throw new InvalidSettingException("--malformed shows the samples of one source; --source '" + this.common.source
					+ "' may name several");
		}
		List<String> settings = this.common.settings();
		if (selection) {
			// Not a source name, so not the logagg.source setting: it is resolved against Redis below.
			settings.removeIf(setting -> setting.startsWith("--logagg.source="));
		}
		// Only the HTML report shows the job's last runs, from its repository: the others need Redis alone.
		try (ConfigurableApplicationContext context = this.replica.startReading(this.parent.launcher, settings, this.html != null)) {
			this.replica.requireReachable(context);
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			KeyLayout keys = new KeyLayout(context.getBean(LogaggProperties.class).source());
			SourceSelection sources = selection ? SourceSelection.resolve(redis, this.common.source)
					: SourceSelection.of(keys.source());
			AggregateReport report;
			try (GeoDatabases geo = geoDatabases(context.getBean(LogaggProperties.class))) {
				report = AggregateReport.read(redis, sources, this.top, this.since, this.until, new DerivedPanels(geo));
			}
			if (report.merged()) {
				this.spec.commandLine().getErr().println("logagg: merged " + report.sources().size() + " sources: "
						+ String.join(", ", report.sources()));
			}
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
					samples.forEach(sample -> out.printf(Locale.ROOT, "  %s@%d: %s%s%n", PrintableName.of(sample.file()),
							sample.offset(), sample.excerpt(), (sample.reason() != null) ? "  (" + sample.reason() + ")" : ""));
				}
				return ExitCodes.OK;
			}
			RedisConnectionFactory connectionFactory = context.getBean(RedisConnectionFactory.class);
			if (this.html != null) {
				StatusReport status = report.merged() ? null
						: StatusReport.read(connectionFactory, redis, context.getBean(JobRepository.class),
								new KeyLayout(report.sources().get(0)));
				if (this.html.toString().equals("-")) {
					out.print(HtmlReport.render(report, context.getBean(JsonMapper.class).writeValueAsString(report), status));
				}
				else {
					HtmlReport.write(report, context.getBean(JsonMapper.class).writeValueAsString(report), status, this.html);
					this.spec.commandLine().getErr().println("logagg: wrote " + this.html.toAbsolutePath());
				}
			}
			if (this.csv) {
				out.print(CsvReport.render(report));
			}
			else if (this.json) {
				out.println(context.getBean(JsonMapper.class).writeValueAsString(report));
			}
			else if (this.html == null) {
				String checkpointText = null;
				if (!report.merged()) {
					FilePosition checkpoint = new CheckpointStore(connectionFactory, new KeyLayout(report.sources().get(0))).load();
					checkpointText = checkpoint.file().isEmpty() ? null
							: PrintableName.of(checkpoint.file()) + " @ " + checkpoint.offset();
				}
				TextReport.print(report, checkpointText, out);
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

	/** Says before anything is read why {@code --html FILE} cannot be written. */
	private void requireHtmlFile() {
		if (this.html == null) {
			return;
		}
		if (this.json) {
			throw new ParameterException(this.spec.commandLine(), "--html and --json are two reports: give one");
		}
		if (this.html.toString().equals("-")) {
			return;
		}
		Path parent = this.html.toAbsolutePath().getParent();
		if (parent == null || !Files.isDirectory(parent)) {
			throw new InvalidSettingException("--html " + this.html + ": directory " + parent + " does not exist");
		}
		if (!Files.isWritable(parent)) {
			throw new InvalidSettingException("--html " + this.html + ": directory " + parent + " is not writable");
		}
		if (Files.isDirectory(this.html)) {
			throw new InvalidSettingException("--html " + this.html + " is a directory; give a file name");
		}
	}

	private void requireMinute(String option, String value) {
		try {
			RangeMinute.require(option, value);
		}
		catch (IllegalArgumentException ex) {
			throw new ParameterException(this.spec.commandLine(), ex.getMessage());
		}
	}

}

package io.logagg.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.logagg.redis.RedisServerProcess;
import io.logagg.support.CliRun;
import io.logagg.support.LogaggProcess;
import io.logagg.support.RedisServerExtension;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line's contract: commands, options, exit codes, JSON shapes, and what it never prints. */
class CommandLineTest {

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	@RegisterExtension
	static RedisServerExtension securedRedis = new RedisServerExtension("--save", "", "--appendonly", "no",
			"--requirepass", "right-Pa55");

	private static final Path SAMPLE_LOGS = Path.of("sample-logs");

	private final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path data;

	private CliRun logagg(String command, String... extra) {
		List<String> args = new ArrayList<>(List.of(command, "--redis-url", redis.url(), "--data-dir", this.data.toString()));
		args.addAll(List.of(extra));
		return CliRun.of(args.toArray(String[]::new));
	}

	private CliRun runOnSampleLogs(String... extra) {
		List<String> args = new ArrayList<>(List.of("--input", SAMPLE_LOGS.toString(), "--logagg.snapshot.mode=none"));
		args.addAll(List.of(extra));
		CliRun run = logagg("run", args.toArray(String[]::new));
		assertThat(run.code()).as(run.toString()).isZero();
		return run;
	}

	@Test
	void helpListsTheCommandsAndExitCodes() {
		CliRun help = CliRun.of("--help");
		assertThat(help.code()).isZero();
		assertThat(help.out()).contains("run", "report", "status", "Exit codes: 0 success, 1 the job failed, 2 bad usage");
	}

	@ParameterizedTest
	@ValueSource(strings = { "run", "report", "status" })
	void everyCommandHasHelpWithTheCommonOptions(String command) {
		CliRun help = CliRun.of(command, "--help");
		assertThat(help.code()).isZero();
		assertThat(help.out()).contains("--source", "--redis-url", "--data-dir", "--help");
	}

	@ParameterizedTest
	@ValueSource(strings = { "run", "restart", "schedule", "report", "status", "verify", "check-format", "bench" })
	void everyCommandsHelpIsCleanOnStderr(String command) {
		// picocli's tracer reports a description it cannot format (a bare %) on the process's own
		// stderr, at every --help, not on the command's error writer.
		PrintStream processErr = System.err;
		ByteArrayOutputStream traced = new ByteArrayOutputStream();
		CliRun help;
		try {
			System.setErr(new PrintStream(traced, true, StandardCharsets.UTF_8));
			help = CliRun.of(command, "--help");
		}
		finally {
			System.setErr(processErr);
		}
		assertThat(help.code()).isZero();
		assertThat(help.err()).isEmpty();
		assertThat(traced.toString(StandardCharsets.UTF_8)).isEmpty();
		assertThat(help.out()).contains("Usage: logagg " + command);
	}

	@Test
	void noCommandIsBadUsage() {
		CliRun none = CliRun.of();
		assertThat(none.code()).isEqualTo(2);
		assertThat(none.err()).contains("Usage: logagg");
	}

	@Test
	void unknownOptionIsBadUsage() {
		CliRun run = CliRun.of("run", "--inptu", "x");
		assertThat(run.code()).isEqualTo(2);
		assertThat(run.err()).contains("Unknown option").contains("'--inptu'").contains("logagg run --help");
	}

	@Test
	void missingInputDirectoryIsBadUsageInOneLine() {
		CliRun run = logagg("run", "--input", this.data.resolve("nope").toString());
		assertThat(run.code()).isEqualTo(2);
		assertThat(run.err()).contains("input directory").contains("does not exist");
		assertThat(run.err().lines()).hasSize(1);
	}

	@Test
	void unreachableRedisIsBadUsageAndNeverShowsThePassword() throws IOException {
		int closedPort = RedisServerProcess.freePort();
		CliRun run = CliRun.of("run", "--input", SAMPLE_LOGS.toString(), "--data-dir", this.data.toString(),
				"--redis-url", "redis://admin:s3cret-Pa55@127.0.0.1:" + closedPort);
		assertThat(run.code()).isEqualTo(2);
		assertThat(run.err()).contains("cannot use Redis at 127.0.0.1:" + closedPort);
		assertThat(run.err().lines()).hasSize(1);
		assertThat(run.out() + run.err()).doesNotContain("s3cret-Pa55");
	}

	@Test
	void passwordFromTheUrlAuthenticatesAndIsNeverPrinted() {
		String url = "redis://:right-Pa55@127.0.0.1:" + securedRedis.port();
		CliRun run = CliRun.of("run", "--input", SAMPLE_LOGS.toString(), "--data-dir", this.data.toString(),
				"--redis-url", url, "--verbose");
		CliRun status = CliRun.of("status", "--json", "--data-dir", this.data.toString(), "--redis-url", url, "--verbose");

		assertThat(run.code()).as(run.toString()).isZero();
		assertThat(status.code()).as(status.toString()).isZero();
		assertThat(run.out() + run.err() + status.out() + status.err()).doesNotContain("right-Pa55");
	}

	@Test
	void wrongPasswordIsBadUsageAndNeverPrinted() {
		CliRun run = CliRun.of("status", "--data-dir", this.data.toString(), "--redis-url",
				"redis://:wrong-Pa55@127.0.0.1:" + securedRedis.port(), "--verbose");
		assertThat(run.code()).isEqualTo(2);
		assertThat(run.err()).contains("cannot use Redis at 127.0.0.1:" + securedRedis.port());
		assertThat(run.out() + run.err()).doesNotContain("wrong-Pa55");
	}

	@ParameterizedTest
	@ValueSource(strings = { "a b", "x{y}", "../other", "" })
	void invalidSourceNameIsBadUsage(String source) {
		CliRun run = logagg("report", "--source", source);
		assertThat(run.code()).isEqualTo(2);
		assertThat(run.err()).contains("invalid source name");
	}

	@Test
	void invalidSettingIsBadUsage() {
		CliRun run = logagg("run", "--input", SAMPLE_LOGS.toString(), "--logagg.chunk-size=0");
		assertThat(run.code()).isEqualTo(2);
		assertThat(run.err()).contains("logagg.chunk-size must be at least 1");
	}

	/** Each mistake is one line that says what is wrong, and exit 2. */
	@Test
	void emptyAndUnlistedSettingsAreBadUsageInTheirOwnWords() throws IOException {
		CliRun noInput = logagg("run", "--input", "");
		assertThat(noInput.code()).isEqualTo(2);
		assertThat(noInput.err()).contains("logagg.input has no value").doesNotContain("did you mean");
		CliRun noPattern = logagg("run", "--input", SAMPLE_LOGS.toString(), "--pattern", "");
		assertThat(noPattern.code()).isEqualTo(2);
		assertThat(noPattern.err()).contains("logagg.pattern (--pattern) is empty");
		CliRun retention = logagg("run", "--input", SAMPLE_LOGS.toString(), "--logagg.retention.days=0");
		assertThat(retention.code()).isEqualTo(2);
		assertThat(retention.err()).contains("logagg.retention.days must be at least 1d, not 0s");

		Path other = Files.createDirectories(this.data.resolve("other"));
		List<String> listed = List.of("--logagg.sources[0].name=web-01", "--logagg.sources[0].input=" + SAMPLE_LOGS.toAbsolutePath(),
				"--logagg.sources[1].name=web-02", "--logagg.sources[1].input=" + other, "--logagg.sources[1].format=nginx:$status",
				"--logagg.snapshot.mode=none");
		List<String> unlisted = new ArrayList<>(List.of("--source", "nope"));
		unlisted.addAll(listed);
		CliRun nope = logagg("run", unlisted.toArray(String[]::new));
		assertThat(nope.code()).isEqualTo(2);
		assertThat(nope.err()).contains("source 'nope' is not listed in logagg.sources (listed: web-01, web-02)");
		List<String> good = new ArrayList<>(List.of("--source", "web-01"));
		good.addAll(listed);
		CliRun web01 = logagg("run", good.toArray(String[]::new));
		assertThat(web01.code()).as("web-02's format is web-02's problem: %s", web01).isZero();
		List<String> all = new ArrayList<>(List.of("--all-sources"));
		all.addAll(listed);
		CliRun fleet = logagg("run", all.toArray(String[]::new));
		assertThat(fleet.code()).isEqualTo(2);
		assertThat(fleet.err()).contains("source 'web-02' has a format that cannot be used").doesNotContain("--format");
	}

	@Test
	void checkFormatTakesTheOptionsEveryCommandTakesAndNamesTheJsonKeyThatFailed() throws IOException {
		Path file = Files.writeString(this.data.resolve("caddy.log"), "{\"ts\":1764000000.5,\"request\":{\"uri\":\"/a\"}}\n");
		CliRun check = CliRun.of("check-format", file.toString(), "--format", "caddy", "--data-dir", this.data.toString());
		assertThat(check.code()).as(check.toString()).isEqualTo(1);
		assertThat(check.out()).contains("line 1: MALFORMED  no status: none of the keys");
	}

	@Test
	void aReplicaThatCannotBeReachedIsBlamedOnReplicaUrl() throws IOException {
		int nothing = io.logagg.redis.RedisServerProcess.freePort();
		for (String command : List.of("report", "status", "sources")) {
			CliRun run = logagg(command, "--replica-url", "redis://127.0.0.1:" + nothing);
			assertThat(run.code()).as(command).isEqualTo(2);
			assertThat(run.err()).as(command).contains("cannot use the Redis replica at", "(check --replica-url)")
				.doesNotContain("--redis-url");
		}
	}

	@Test
	void aMetricsPortInUseIsBadUsage() throws IOException {
		try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			CliRun schedule = logagg("schedule", "--cron", "0 0 * * * *", "--input", SAMPLE_LOGS.toString(), "--metrics-port",
					Integer.toString(taken.getLocalPort()));
			assertThat(schedule.code()).as(schedule.toString()).isEqualTo(2);
		}
	}

	@Test
	void waitForReplicasThatTheReadTimeoutWouldCutShortIsBadUsage() {
		CliRun run = logagg("run", "--input", SAMPLE_LOGS.toString(), "--logagg.redis.wait-replicas=1",
				"--logagg.redis.wait-timeout=2s", "--spring.data.redis.timeout=2s");

		assertThat(run.code()).as(run.toString()).isEqualTo(2);
		assertThat(run.err().lines()).hasSize(1);
		assertThat(run.err()).contains("logagg.redis.wait-timeout (2000 ms)", "spring.data.redis.timeout (2000 ms)");
		assertThat(redis.checkpoint("default")).isNull();
	}

	@Test
	void runPrintsOneSummaryLineWithTheDocumentedFields() {
		CliRun run = runOnSampleLogs();
		assertThat(run.out().lines()).hasSize(1);
		assertThat(run.out()).matches("logagg run: source=default status=COMPLETED files=3 lines=\\d+ malformed=\\d+ "
				+ "bytes=\\d+ seconds=\\d+\\.\\d{3} lines/s=\\d+ checkpoint=access-2026-11-22\\.log@\\d+\\R");
	}

	/** In a process of its own: logging writes to the process's stderr, which an in-process run does not capture. */
	@Test
	void logLinesGoToStderrInTheirOwnPatternAndStdoutKeepsTheSummary() throws Exception {
		LogaggProcess run = LogaggProcess.start(Files.createDirectories(this.data.resolve("process")), "run", "--input",
				SAMPLE_LOGS.toString(), "--redis-url", redis.url(), "--data-dir", this.data.toString(), "--logagg.snapshot.mode=none");

		assertThat(run.waitFor(Duration.ofSeconds(120))).as(run.err()).isZero();
		assertThat(run.out().lines()).singleElement(InstanceOfAssertFactories.STRING).startsWith("logagg run: source=default status=COMPLETED");
		assertThat(run.err().lines()).as(run.err())
			.anyMatch(line -> line.matches("\\d{2}:\\d{2}:\\d{2}\\.\\d{3} INFO  RunProgress - reading 0\\.7 MB in 3 file\\(s\\) from the beginning"));
	}

	@Test
	void reportJsonHasTheDocumentedShape() throws IOException {
		runOnSampleLogs("--source", "web");
		CliRun report = logagg("report", "--json", "--top", "3", "--source", "web");

		assertThat(report.code()).as(report.toString()).isZero();
		JsonNode root = this.json.readTree(report.out());
		// The keys of before, then the panels issue's, then the fleet's; no latency: combined has no duration.
		assertThat(root.propertyNames()).containsExactly("source", "lines", "malformed", "bytes", "status", "minutes",
				"topPaths", "visitors", "panels", "days", "panelDays", "errors", "latencyMinutes", "sources", "timeZone");
		assertThat(root.get("sources").toString()).isEqualTo("[\"web\"]");
		assertThat(root.get("source").asString()).isEqualTo("web");
		assertThat(root.get("lines").asLong()).isPositive();
		assertThat(root.get("malformed").asLong()).isPositive();
		long statusSum = 0;
		for (JsonNode count : root.get("status")) {
			statusSum += count.asLong();
		}
		assertThat(statusSum).isEqualTo(root.get("lines").asLong());
		assertThat(root.get("minutes").propertyNames().iterator().next()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}");
		assertThat(root.get("topPaths")).hasSize(3);
		assertThat(root.get("topPaths").get(0).propertyNames()).containsExactly("path", "count");
		assertThat(root.get("topPaths").get(0).get("count").asLong())
			.isGreaterThanOrEqualTo(root.get("topPaths").get(1).get("count").asLong());
	}

	@Test
	void reportTableFitsOneHundredColumnsAndSinceUntilCutTheMinutes() throws IOException {
		runOnSampleLogs();
		CliRun table = logagg("report");
		assertThat(table.code()).isZero();
		assertThat(table.out()).contains("status", "top paths", "busiest minutes", "checkpoint access-2026-11-22.log @ ");
		assertThat(table.out().lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(100));

		JsonNode cut = this.json.readTree(logagg("report", "--json", "--since", "2026-11-21T00:00", "--until",
				"2026-11-21T23:59").out());
		assertThat(cut.get("minutes").propertyNames()).isNotEmpty().allMatch(minute -> minute.startsWith("2026-11-21T"));
	}

	@Test
	void sinceMustBeAMinute() {
		CliRun run = logagg("report", "--since", "yesterday");
		assertThat(run.code()).isEqualTo(2);
		assertThat(run.err()).contains("--since takes a minute as yyyy-MM-ddTHH:mm");
	}

	/** A root cron job writing into /tmp: a symbolic link planted at the name is replaced, its target untouched. */
	@Test
	void htmlReplacesASymbolicLinkAtItsNameAndNeverWritesItsTarget() throws IOException {
		runOnSampleLogs();
		Path target = Files.writeString(this.data.resolve("precious.conf"), "keep me\n");
		Path page = Files.createSymbolicLink(this.data.resolve("report.html"), target);

		CliRun html = logagg("report", "--html", page.toString());

		assertThat(html.code()).as(html.toString()).isZero();
		assertThat(Files.readString(target)).isEqualTo("keep me\n");
		assertThat(Files.isSymbolicLink(page)).isFalse();
		assertThat(Files.readString(page)).contains("<html");
		assertThat(logagg("report", "--html", "-").out()).contains("<html");
	}

	@Test
	void htmlThatCannotBeWrittenIsBadUsageWithTheReason() {
		CliRun missing = logagg("report", "--html", "/nonexistent/x.html");
		assertThat(missing.code()).isEqualTo(2);
		assertThat(missing.err()).contains("directory /nonexistent does not exist");
		CliRun both = logagg("report", "--html", this.data.resolve("r.html").toString(), "--json");
		assertThat(both.code()).isEqualTo(2);
		assertThat(both.err()).contains("--html and --json are two reports");
	}

	@Test
	void sinceAndUntilMustBeMinutesOfTheCalendar() {
		for (String impossible : List.of("2026-13-01T00:00", "2026-02-31T00:00", "2026-13-45T99:99", "2026-11-21T24:00")) {
			CliRun run = logagg("report", "--since", impossible);
			assertThat(run.code()).as(impossible).isEqualTo(2);
			assertThat(run.err()).as(impossible).contains("--since '" + impossible + "' is no minute of the calendar");
		}
		CliRun until = logagg("report", "--until", "2026-02-29T00:00");
		assertThat(until.code()).isEqualTo(2);
		assertThat(until.err()).contains("is no minute of the calendar");
	}

	@Test
	void reportOfAnUnknownSourceIsEmptyNotAnError() throws IOException {
		CliRun report = logagg("report", "--json", "--source", "never-run");
		assertThat(report.code()).isZero();
		assertThat(this.json.readTree(report.out()).get("lines").asLong()).isZero();
	}

	@Test
	void statusJsonShowsTheCheckpointAndTheLastExecutions() throws IOException {
		runOnSampleLogs();
		CliRun status = logagg("status", "--json");

		assertThat(status.code()).as(status.toString()).isZero();
		JsonNode root = this.json.readTree(status.out());
		assertThat(root.get("source").asString()).isEqualTo("default");
		assertThat(root.get("file").asString()).isEqualTo("access-2026-11-22.log");
		assertThat(root.get("offset").asLong()).isEqualTo(Files.size(SAMPLE_LOGS.resolve("access-2026-11-22.log")));
		assertThat(root.get("lines").asLong()).isPositive();
		JsonNode execution = root.get("executions").get(0);
		assertThat(execution.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(execution.get("input").asString()).endsWith("sample-logs");
	}

	@Test
	void settingsCanBeGivenTheSpringBootWay() {
		CliRun run = runOnSampleLogs("--logagg.chunk-size=500", "--logagg.pattern=access-2026-11-2[01].log");
		assertThat(run.out()).contains("files=2");
	}

}

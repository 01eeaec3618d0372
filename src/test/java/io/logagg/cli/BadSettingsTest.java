package io.logagg.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.logagg.support.CliRun;
import io.logagg.support.LogaggProcess;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad settings are configuration a human must fix: exit 2 and one line that names the setting,
 * never a bean-creation chain, never a password, never a silent default.
 */
class BadSettingsTest {

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	private static final Path SAMPLE_LOGS = Path.of("sample-logs");

	@TempDir
	Path data;

	@TempDir
	Path logs;

	private CliRun run(String... extra) {
		List<String> args = new ArrayList<>(List.of("run", "--input", SAMPLE_LOGS.toString(), "--redis-url", redis.url(),
				"--data-dir", this.data.toString(), "--logagg.snapshot.mode=none"));
		args.addAll(List.of(extra));
		return CliRun.of(args.toArray(String[]::new));
	}

	private static void assertBadUsageInOneLine(CliRun run, String message) {
		assertThat(run.code()).as(run.toString()).isEqualTo(2);
		assertThat(run.err().lines()).as(run.err()).hasSize(1);
		assertThat(run.err()).startsWith("logagg: ").contains(message).doesNotContain("Error creating bean");
		assertThat(redis.checkpoint("default")).as("nothing was read").isNull();
	}

	@ParameterizedTest
	@CsvSource({ "--logagg.chunck-size=10, logagg.chunk-size", "--logagg.on-rewriten-file=fail, logagg.on-rewritten-file",
			"--logagg.snapshot.modee=none, logagg.snapshot.mode" })
	void aMisspeltSettingIsRefusedWithTheNearestKnownName(String setting, String meant) {
		String misspelt = setting.substring(2, setting.indexOf('='));
		assertBadUsageInOneLine(run(setting), "unknown setting " + misspelt + " (did you mean " + meant + "?)");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "--logagg.chunk-size=0|logagg.chunk-size must be at least 1, not 0",
			"--logagg.chunk-size=abc|invalid value 'abc' for logagg.chunk-size: expected an int",
			"--logagg.chunk-growth=0|logagg.chunk-growth must be at least 1, not 0",
			"--logagg.snapshot.mode=nonee|invalid value 'nonee' for logagg.snapshot.mode: expected one of bgsave, aof, policy, none",
			"--logagg.lock.ttl=soon|invalid value 'soon' for logagg.lock.ttl: expected a duration" })
	void anInvalidValueIsOneLineNamingTheSetting(String setting, String message) {
		assertBadUsageInOneLine(run(setting), message);
	}

	@Test
	void aBadPatternOrSourceIsOneLine() {
		assertBadUsageInOneLine(run("--pattern", "["), "logagg.pattern (--pattern) '[' is not a valid glob");
		assertBadUsageInOneLine(run("--source", "a:b"), "invalid source name 'a:b'");
	}

	@Test
	void anUnknownRedisSettingIsWarnedAbout() throws Exception {
		LogaggProcess process = LogaggProcess.start(this.logs, "run", "--input", SAMPLE_LOGS.toString(), "--redis-url",
				redis.url(), "--data-dir", this.data.toString(), "--logagg.snapshot.mode=none",
				"--spring.data.redis.ulr=redis://127.0.0.1:1");

		assertThat(process.waitFor(Duration.ofMinutes(2))).as(process.err()).isZero();
		assertThat(process.err()).contains("unknown setting spring.data.redis.ulr is ignored");
	}

	@ParameterizedTest
	@ValueSource(strings = { "redis://:S3cret%zzPw@127.0.0.1:6380", "redis://:S3cret@host:notaport",
			"redis://:S3c#ret@127.0.0.1:6380" })
	void aRedisUrlThatDoesNotParseIsBadUsageAndItsPasswordIsNeverPrinted(String url) throws Exception {
		List<LogaggProcess> runs = List.of(
				LogaggProcess.start(this.logs, "status", "--redis-url", url, "--data-dir", this.data.toString()),
				LogaggProcess.start(this.logs, "status", "--redis-url", url, "--data-dir", this.data.toString(),
						"--verbose"),
				LogaggProcess.startInEnvironment(this.logs, Map.of("SPRING_DATA_REDIS_URL", url, "PATH", "/usr/bin:/bin"),
						"run", "--input", SAMPLE_LOGS.toAbsolutePath().toString(), "--data-dir", this.data.toString()));
		for (LogaggProcess run : runs) {
			assertThat(run.waitFor(Duration.ofMinutes(2))).as(run.err()).isEqualTo(2);
			assertThat(run.err()).contains("invalid Redis URL 'redis://:***@", "percent-encode");
			assertThat(run.out() + run.err()).doesNotContain("S3c");
		}
	}

	@Test
	void reportRefusesAnEmptyRangeAndAnEmptyTop() {
		CliRun backwards = CliRun.of("report", "--since", "2026-11-20T06:00", "--until", "2026-11-20T05:00", "--redis-url",
				redis.url(), "--data-dir", this.data.toString());
		CliRun none = CliRun.of("report", "--top", "0", "--redis-url", redis.url(), "--data-dir", this.data.toString());

		assertBadUsageInOneLine(backwards, "--since 2026-11-20T06:00 is later than --until 2026-11-20T05:00");
		assertBadUsageInOneLine(none, "--top must be at least 1, not 0");
	}

}

package io.logagg.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import io.logagg.bench.AccessLogGenerator;
import io.logagg.support.CliRun;
import io.logagg.support.IndependentCount;
import io.logagg.support.LogaggProcess;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A wrong --format refuses its first chunk instead of consuming the source; a source remembers its format. */
class WrongFormatTest {

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	@TempDir
	Path input;

	@TempDir
	Path data;

	private String[] args(String... extra) {
		List<String> args = new ArrayList<>(List.of("run", "--input", this.input.toString(), "--redis-url", redis.url(),
				"--data-dir", this.data.toString(), "--logagg.snapshot.mode=none"));
		args.addAll(List.of(extra));
		return args.toArray(String[]::new);
	}

	@Test
	void aWrongFormatIsRefusedBeforeAnythingIsCommittedAndTheRightOneReadsEverything() throws Exception {
		Path log = this.input.resolve("access.log");
		new AccessLogGenerator(1, ZonedDateTime.parse("2026-11-20T00:00:00Z"), 0).write(log, 4200);

		CliRun caddy = CliRun.of(args("--format", "caddy"));

		assertThat(caddy.code()).as(caddy.toString()).isEqualTo(2);
		assertThat(caddy.err()).contains("are all malformed for --format 'caddy'", "(the first: access.log@0: ",
				"nothing was committed", "logagg check-format");
		assertThat(caddy.err().lines()).hasSize(1);
		assertThat(redis.checkpoint("default")).isNull();

		CliRun combined = CliRun.of(args());
		assertThat(combined.code()).as(combined.toString()).isZero();
		assertThat(redis.aggregates("default")).isEqualTo(IndependentCount.ofFiles(List.of(log)));

		// Read with combined since: a burst of garbage is malformed lines, not a wrong format.
		Files.writeString(log, "\u0016\u0003\u0001 garbage\n".repeat(20), StandardOpenOption.APPEND);
		CliRun garbage = CliRun.of(args());
		assertThat(garbage.code()).as(garbage.toString()).isZero();
		assertThat(garbage.out()).contains("lines=0 malformed=20");

		new AccessLogGenerator(2, ZonedDateTime.parse("2026-11-21T00:00:00Z"), 0).write(this.input.resolve("access.log.new"), 50);
		CliRun switched = CliRun.of(args("--format", "caddy"));
		assertThat(switched.code()).as("another format, all malformed: %s", switched).isEqualTo(2);
	}

	@Test
	void aRunWithAnotherFormatThanTheSourcesIsWarnedAbout() throws Exception {
		new AccessLogGenerator(3, ZonedDateTime.parse("2026-11-20T00:00:00Z"), 0).write(this.input.resolve("a.log"), 100);
		assertThat(CliRun.of(args()).code()).isZero();
		new AccessLogGenerator(4, ZonedDateTime.parse("2026-11-21T00:00:00Z"), 0).write(this.input.resolve("b.log"), 100);

		String nginx = "nginx:$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent \"$http_referer\" "
				+ "\"$http_user_agent\"";
		LogaggProcess other = LogaggProcess.start(this.data, args("--format", nginx));

		assertThat(other.waitFor(Duration.ofMinutes(2))).as(other.err()).isZero();
		assertThat(other.err()).contains("source default was read with --format 'combined' until now; this run reads it with 'nginx:");
	}


	/** reset --source starts a source over: its keys and job history go, another source's stay. */
	@Test
	void resetStartsASourceOverAndTouchesNothingElse() throws Exception {
		Path log = this.input.resolve("access.log");
		new AccessLogGenerator(5, ZonedDateTime.parse("2026-11-20T00:00:00Z"), 0.01).write(log, 500);
		assertThat(CliRun.of(args()).code()).isZero();
		assertThat(CliRun.of(args("--source", "other")).code()).isZero();
		IndependentCount once = IndependentCount.ofFiles(List.of(log));

		CliRun unconfirmed = CliRun.of("reset", "--source", "default", "--redis-url", redis.url(), "--data-dir", this.data.toString());
		assertThat(unconfirmed.code()).isEqualTo(2);
		assertThat(unconfirmed.err()).contains("not confirmed");
		assertThat(redis.checkpoint("default")).isNotNull();

		CliRun reset = CliRun.of("reset", "--source", "default", "--yes", "--redis-url", redis.url(), "--data-dir",
				this.data.toString());
		assertThat(reset.code()).as(reset.toString()).isZero();
		assertThat(reset.out()).contains("logagg reset: source=default keys=").contains("job-instances=1");
		try (var jedis = redis.jedis()) {
			assertThat(jedis.keys("logagg:{default}:*")).isEmpty();
		}
		assertThat(redis.aggregates("other")).isEqualTo(once);
		CliRun status = CliRun.of("status", "--json", "--redis-url", redis.url(), "--data-dir", this.data.toString());
		assertThat(status.out()).contains("\"executions\":[]");

		CliRun again = CliRun.of(args());
		assertThat(again.code()).as(again.toString()).isZero();
		assertThat(redis.aggregates("default")).isEqualTo(once);
	}

}

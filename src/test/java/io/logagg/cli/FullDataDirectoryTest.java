package io.logagg.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.logagg.bench.AccessLogGenerator;
import io.logagg.support.Await;
import io.logagg.support.CliRun;
import io.logagg.support.IndependentCount;
import io.logagg.support.LogaggProcess;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A data directory that fills up under {@code schedule}: on a real, small tmpfs. H2 closes its
 * database for good after a failed write, so the daemon must not tick on, failing forever: it
 * ends, in one line, for its supervisor to start it afresh, and nothing is lost.
 */
class FullDataDirectoryTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	@TempDir
	Path work;

	private Path data;

	private Path input;

	@BeforeEach
	void mountASmallTmpfs() throws Exception {
		this.data = Files.createDirectories(this.work.resolve("data"));
		this.input = Files.createDirectories(this.work.resolve("input"));
		Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", this.data.toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(mount.getInputStream().readAllBytes());
		assertThat(mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0)
			.as("this test mounts a tmpfs, which needs root (as CI runs): %s", output)
			.isTrue();
	}

	@AfterEach
	void unmount() throws Exception {
		new ProcessBuilder("umount", "-l", this.data.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
	}

	@Test
	void aFullDataDirectoryEndsTheDaemonInOneLineAndLosesNothing() throws Exception {
		new AccessLogGenerator(1, ZonedDateTime.parse("2026-11-20T00:00:00Z"), 0).write(this.input.resolve("a.log"), 2000);
		LogaggProcess schedule = LogaggProcess.start(this.work, "schedule", "--cron", "* * * * * *", "--input",
				this.input.toString(), "--redis-url", redis.url(), "--data-dir", this.data.toString(),
				"--logagg.snapshot.mode=none");
		IndependentCount first = IndependentCount.ofFiles(List.of(this.input.resolve("a.log")));
		Await.until("the first file to be counted", TIMEOUT,
				() -> redis.aggregates("default").equals(first) || !schedule.isAlive());
		// The tick is over once its summary is out: the job repository has recorded its end.
		Await.until("the first tick's summary", TIMEOUT, () -> schedule.out().contains("logagg run:") || !schedule.isAlive());

		Path filler = this.data.resolve("filler");
		fill(filler);
		new AccessLogGenerator(2, ZonedDateTime.parse("2026-11-21T00:00:00Z"), 0).write(this.input.resolve("b.log"), 2000);

		assertThat(schedule.waitFor(TIMEOUT)).as(schedule.err()).isEqualTo(1);
		assertThat(schedule.err()).contains("the job repository failed", "exiting so that the supervisor starts logagg afresh");
		assertThat(schedule.err().length()).as("no stack trace per tick: %s", schedule.err()).isLessThan(20_000);

		Files.delete(filler);
		CliRun rest = CliRun.of("run", "--input", this.input.toString(), "--redis-url", redis.url(), "--data-dir",
				this.data.toString(), "--logagg.snapshot.mode=none");
		assertThat(rest.code()).as(rest.toString()).isZero();
		assertThat(redis.aggregates("default"))
			.isEqualTo(IndependentCount.ofFiles(List.of(this.input.resolve("a.log"), this.input.resolve("b.log"))));
	}

	/** Writes to the file until the file system has no space left. */
	private static void fill(Path file) throws IOException {
		byte[] block = new byte[64 * 1024];
		try (OutputStream out = Files.newOutputStream(file)) {
			while (true) {
				out.write(block);
				out.flush();
			}
		}
		catch (IOException ex) {
			assertThat(ex.getMessage()).contains("No space left on device");
		}
	}

}

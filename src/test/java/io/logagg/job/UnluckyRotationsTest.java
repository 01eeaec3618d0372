package io.logagg.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import io.logagg.support.Await;
import io.logagg.support.IndependentCount;
import io.logagg.support.LogJob;
import io.logagg.support.LogaggProcess;
import io.logagg.support.LoggingServer;
import io.logagg.support.Logrotate;
import io.logagg.support.Logrotate.Scheme;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly once where operators are unlucky: logrotate while a run reads, rotated names of every
 * {@code extension} and {@code dateformat}, hand rotations, backup copies, and a writer that does
 * not append. Every line has a path of its own, so a line lost and another counted twice cannot
 * cancel out in the totals: each path must be counted exactly once.
 */
class UnluckyRotationsTest {

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	@TempDir
	Path work;

	private LogJob job;

	@BeforeEach
	void directories() throws IOException {
		this.job = new LogJob(this.work, redis);
	}

	/** Every path counted exactly once, and the totals with them. */
	private static void assertCountedOnce(LoggingServer server) {
		IndependentCount expected = server.count();
		IndependentCount stored = redis.aggregates("default");
		java.util.Map<String, String> wrong = new java.util.TreeMap<>();
		expected.paths().forEach((path, count) -> {
			if (!count.equals(stored.paths().get(path))) {
				wrong.put(path, "written " + count + ", counted " + stored.paths().get(path));
			}
		});
		stored.paths().keySet().stream().filter(path -> !expected.paths().containsKey(path))
			.forEach(path -> wrong.put(path, "never written, counted " + stored.paths().get(path)));
		assertThat(wrong).as("paths lost or counted twice").isEmpty();
		assertThat(stored).isEqualTo(expected);
	}

	/**
	 * The reproduction: Debian's scheme, a backlog in {@code access.log.2.gz}; logrotate runs
	 * while the job reads it, and 50 lines follow in the new live file.
	 */
	@Test
	void aRotationWhileARunReadsLosesAndRepeatsNothing() throws Exception {
		Logrotate logrotate = new Logrotate(this.job.log(), Scheme.DELAYCOMPRESS, this.work);
		try (LoggingServer server = new LoggingServer(this.job.log(), 41, 0).pathPerLine()) {
			server.write(150_000);
			logrotate.rotate();
			server.reopen();
			server.write(100);
			logrotate.rotate();
			server.reopen();
			server.write(100);
			assertThat(this.job.logs().resolve("access.log.2.gz")).exists();
			LogaggProcess reading = LogaggProcess.start(this.work,
					this.job.args("--logagg.chunk-size=200", "--logagg.chunk-growth=1", "--logagg.chunks-per-update=1")
						.toArray(String[]::new));
			Await.until("the run to start reading", Duration.ofMinutes(2),
					() -> reading.err().contains("reading ") && redis.checkpoint("default") != null || !reading.isAlive());
			assertThat(reading.isAlive()).as("still reading the backlog: %s", reading.err()).isTrue();
			logrotate.rotate();
			server.reopen();
			server.write(50);

			assertThat(reading.waitFor(Duration.ofMinutes(2))).as(reading.err()).isZero();
			this.job.run();

			assertCountedOnce(server);
			assertThat(this.job.run().out()).contains("lines=0 malformed=0");
		}
	}

	/** logrotate's {@code extension .log} and {@code dateformat}s that are not a day. */
	@ParameterizedTest
	@EnumSource(value = Scheme.class, names = { "EXTENSION", "DATEFORMAT_EPOCH", "DATEFORMAT_MONTH" })
	void rotatedNamesOfEveryExtensionAndDateformatAreOneLog(Scheme scheme) throws Exception {
		Logrotate logrotate = new Logrotate(this.job.log(), scheme, this.work);
		try (LoggingServer server = new LoggingServer(this.job.log(), 42, 0).pathPerLine()) {
			server.write(100);
			this.job.run();
			server.write(50);
			logrotate.rotate();
			server.write(10);
			server.reopen();
			server.write(30);
			this.job.run();
			assertCountedOnce(server);
			if (scheme != Scheme.DATEFORMAT_MONTH) {
				// A second rotation compresses the first; the month's name would be taken.
				server.write(20);
				logrotate.rotate();
				server.reopen();
				server.write(7);
				this.job.run();
				assertCountedOnce(server);
			}
			assertThat(this.job.run().out()).contains("lines=0 malformed=0");
		}
	}

	/** {@code mv access.log access.log.old}, and to a name of another log, while the server writes on. */
	@Test
	void handRotationsAreTheFileTheyRenamed() throws Exception {
		try (LoggingServer server = new LoggingServer(this.job.log(), 43, 0).pathPerLine()) {
			server.write(100);
			this.job.run();
			server.write(50);
			Files.move(this.job.log(), this.job.logs().resolve("access.log.old"));
			server.write(10);
			server.reopen();
			server.write(20);
			this.job.run();
			assertCountedOnce(server);
			server.write(30);
			Files.move(this.job.log(), this.job.logs().resolve("previous-access.log"), StandardCopyOption.REPLACE_EXISTING);
			server.write(5);
			server.reopen();
			server.write(15);
			this.job.run();
			assertCountedOnce(server);
		}
	}

	@Test
	void backupCopiesAreCountedOnce() throws Exception {
		try (LoggingServer server = new LoggingServer(this.job.log(), 44, 0).pathPerLine()) {
			server.write(100);
			this.job.run();
			server.write(20);
			for (String copy : List.of("access.log.bak", "access.log~", "access.log.orig", "access.log-backup")) {
				Files.copy(this.job.log(), this.job.logs().resolve(copy));
			}
			server.write(5);
			this.job.run();
			assertCountedOnce(server);
			assertThat(this.job.run().out()).contains("lines=0 malformed=0");
		}
	}

	/**
	 * copytruncate with a program whose output was redirected: it keeps writing at its offset, so
	 * every file after the first starts with a hole of NUL bytes.
	 */
	@Test
	void copytruncateWithAWriterThatDoesNotAppendLosesNothing() throws Exception {
		Logrotate logrotate = new Logrotate(this.job.log(), Scheme.COPYTRUNCATE, this.work);
		try (LoggingServer server = new LoggingServer(this.job.log(), 45, 0).pathPerLine().notAppending()) {
			for (int rotation = 0; rotation < 4; rotation++) {
				server.write(40);
				if (rotation % 2 == 1) {
					this.job.run();
					assertCountedOnce(server);
				}
				logrotate.rotate();
			}
			server.write(40);
			assertThat(Files.readAllBytes(this.job.log())[0]).as("the live file starts with a hole").isZero();
			this.job.run();
			assertCountedOnce(server);
		}
	}

}

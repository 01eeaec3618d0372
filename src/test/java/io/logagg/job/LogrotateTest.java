package io.logagg.job;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

import io.logagg.support.Await;
import io.logagg.support.CliRun;
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
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly once under the real {@code logrotate}, with each scheme distributions ship: every line
 * the server wrote is counted once, checked against an independent count after every run.
 */
class LogrotateTest {

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	@TempDir
	Path work;

	private LogJob job;

	@BeforeEach
	void directories() throws IOException {
		this.job = new LogJob(this.work, redis);
	}

	@ParameterizedTest
	@EnumSource(value = Scheme.class, names = { "DELAYCOMPRESS", "COMPRESS", "COPYTRUNCATE", "DATEEXT" })
	void everyLineIsCountedOnceAcrossARotation(Scheme scheme) throws Exception {
		Logrotate logrotate = new Logrotate(this.job.log(), scheme, this.work);
		try (LoggingServer server = new LoggingServer(this.job.log(), 1, 0.01)) {
			server.write(100);
			this.job.run();
			assertThat(redis.aggregates("default")).isEqualTo(server.count());
			server.write(50);
			logrotate.rotate();
			if (scheme.serverWritesAfterRotation()) {
				// Until postrotate makes it reopen its log, the server writes to the renamed file.
				server.write(10);
			}
			server.reopen();
			server.write(30);

			this.job.run();

			assertThat(redis.aggregates("default")).isEqualTo(server.count());
			assertThat(this.job.run().out()).contains("lines=0 malformed=0");
		}
	}

	@ParameterizedTest
	@EnumSource(value = Scheme.class, names = { "DELAYCOMPRESS", "COMPRESS", "COPYTRUNCATE", "DATEEXT" })
	void severalRotationsBetweenTwoRunsAreCountedOnce(Scheme scheme) throws Exception {
		Logrotate logrotate = new Logrotate(this.job.log(), scheme, this.work);
		try (LoggingServer server = new LoggingServer(this.job.log(), 2, 0.01)) {
			server.write(40);
			this.job.run();
			for (int rotation = 0; rotation < 4; rotation++) {
				server.write(25);
				logrotate.rotate();
				if (scheme.serverWritesAfterRotation()) {
					server.write(3);
				}
				server.reopen();
			}
			server.write(7);

			this.job.run();

			assertThat(redis.aggregates("default")).isEqualTo(server.count());
		}
	}

	@Test
	void theIssuesReproductionCountsAllOneHundredAndEightyLines() throws Exception {
		Logrotate logrotate = new Logrotate(this.job.log(), Scheme.DELAYCOMPRESS, this.work);
		try (LoggingServer server = new LoggingServer(this.job.log(), 3, 0)) {
			server.write(100);
			this.job.run("--pattern", "access.log*");
			server.write(50);
			logrotate.rotate();
			server.reopen();
			server.write(30);
			CliRun second = this.job.run("--pattern", "access.log*");

			assertThat(second.out()).contains("lines=80 malformed=0");
			assertThat(redis.aggregates("default").lines()).isEqualTo(180);
			server.write(5);
			assertThat(this.job.run("--pattern", "access.log*").out()).contains("lines=5 malformed=0");
		}
	}

	/**
	 * The worst moment: the job fails right after Redis applied a chunk whose lines end one file
	 * (the rotated one) and start the next, before the job repository knew; the rerun goes on
	 * from both files' records.
	 */
	@Test
	void aFailureRightAfterAChunkThatSpansTheRotatedAndTheLiveFileLosesAndRepeatsNothing() throws Exception {
		Logrotate logrotate = new Logrotate(this.job.log(), Scheme.DELAYCOMPRESS, this.work);
		try (LoggingServer server = new LoggingServer(this.job.log(), 6, 0)) {
			server.write(100);
			this.job.run();
			server.write(50);
			logrotate.rotate();
			server.reopen();
			server.write(30);
			// Chunks of 15: three in access.log.1, the fourth its last 5 lines and 10 of access.log.
			CliRun failed = CliRun.of(new Class<?>[] { ExactlyOnceTest.FailAfterFourChunks.class },
					this.job.args("--logagg.chunk-size=15", "--logagg.chunk-growth=1", "--logagg.chunks-per-update=1").toArray(String[]::new));

			assertThat(failed.code()).as(failed.toString()).isEqualTo(1);
			assertThat(redis.aggregates("default")).isEqualTo(IndependentCount.of(server.written().subList(0, 160),
					IndependentCount.DEFAULT_MAX_LINE_BYTES));
			assertThat(redis.checkpoint("default")).startsWith("access.log@");
			this.job.run();
			assertThat(redis.aggregates("default")).isEqualTo(server.count());
		}
	}

	@Test
	void aPatternThatMissesRotatedNamesIsWarnedAbout() throws Exception {
		Logrotate logrotate = new Logrotate(this.job.log(), Scheme.DELAYCOMPRESS, this.work);
		try (LoggingServer server = new LoggingServer(this.job.log(), 4, 0)) {
			server.write(10);
			this.job.run("--pattern", "*.log");
			logrotate.rotate();
			server.reopen();
			server.write(3);
			// In a child JVM: the warning goes to its log on stderr.
			LogaggProcess run = LogaggProcess.start(this.work, this.job.args("--pattern", "*.log").toArray(String[]::new));

			assertThat(run.waitFor(Duration.ofMinutes(2))).as(run.err()).isZero();
			assertThat(run.err()).contains("access.log (read to offset ", "is no longer among the files matching the pattern",
					"'access.log*'");
		}
	}

	/**
	 * Kill -9 mid-run, rotate while the job is dead, write on: the next run resumes in the renamed
	 * file at the last committed chunk and counts every line once.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "DELAYCOMPRESS", "COMPRESS", "COPYTRUNCATE" })
	void aRunKilledMidFileThenARotationLosesAndRepeatsNothing(Scheme scheme) throws Exception {
		Logrotate logrotate = new Logrotate(this.job.log(), scheme, this.work);
		try (LoggingServer server = new LoggingServer(this.job.log(), 5, 0.01)) {
			server.write(150_000);
			List<String> args = this.job.args("--logagg.chunk-size=50", "--logagg.chunk-growth=1", "--logagg.chunks-per-update=1");
			LogaggProcess killed = LogaggProcess.start(this.work, args.toArray(String[]::new));
			Await.until("a first commit", Duration.ofMinutes(2), () -> redis.checkpoint("default") != null);
			killed.kill();
			long counted = redis.aggregates("default").lines() + redis.aggregates("default").malformed();
			assertThat(counted).as("killed mid-file").isGreaterThan(0).isLessThan(150_000);
			server.write(20);
			logrotate.rotate();
			if (scheme.serverWritesAfterRotation()) {
				server.write(5);
			}
			server.reopen();
			server.write(9);

			this.job.run();

			assertThat(redis.aggregates("default")).isEqualTo(server.count());
		}
	}

	/**
	 * A seeded random sequence of writes, rotations of every scheme's kind, runs and kills, checked
	 * against the independent count after every run. The seed is in the failure message.
	 */
	@ParameterizedTest
	@EnumSource(value = Scheme.class, names = { "DELAYCOMPRESS", "COMPRESS", "COPYTRUNCATE", "DATEEXT" })
	void aRandomSequenceOfWritesRotationsRunsAndKillsCountsEveryLineOnce(Scheme scheme) throws Exception {
		long seed = 20261129L + scheme.ordinal();
		SplittableRandom random = new SplittableRandom(seed);
		Logrotate logrotate = new Logrotate(this.job.log(), scheme, this.work);
		List<String> history = new ArrayList<>();
		try (LoggingServer server = new LoggingServer(this.job.log(), seed, 0.02)) {
			boolean reopened = true;
			int kills = 0;
			for (int step = 0; step < 24; step++) {
				int action = random.nextInt(10);
				if (action < 4) {
					int lines = random.nextInt(1, 400);
					server.write(lines);
					history.add("write " + lines);
				}
				else if (action < 6) {
					logrotate.rotate();
					reopened = false;
					history.add("rotate");
					if (!scheme.serverWritesAfterRotation() || random.nextBoolean()) {
						server.reopen();
						reopened = true;
						history.add("reopen");
					}
				}
				else if (action < 7 && kills < 2) {
					server.write(40_000);
					history.add("write 40000, run, kill -9 after a commit");
					kills++;
					LogaggProcess killed = LogaggProcess.start(this.work,
							this.job.args("--logagg.chunk-size=25", "--logagg.chunk-growth=1", "--logagg.chunks-per-update=1").toArray(String[]::new));
					String before = redis.checkpoint("default");
					Await.until("a commit", Duration.ofMinutes(2),
							() -> !Objects.equals(redis.checkpoint("default"), before) || !killed.isAlive());
					killed.kill();
				}
				else {
					if (!reopened) {
						server.reopen();
						reopened = true;
						history.add("reopen");
					}
					history.add("run");
					this.job.run();
					assertThat(redis.aggregates("default")).as("seed %d, after %s", seed, history).isEqualTo(server.count());
				}
			}
			server.reopen();
			this.job.run();
			assertThat(redis.aggregates("default")).as("seed %d, after %s", seed, history).isEqualTo(server.count());
		}
	}

}

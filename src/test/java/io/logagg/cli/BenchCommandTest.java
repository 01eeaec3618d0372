package io.logagg.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import io.logagg.bench.LineLayout;
import io.logagg.support.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark runs end to end on a tiny data set; what it measures is not asserted here. */
class BenchCommandTest {

	@TempDir
	Path work;

	@Test
	void runsTheJobOnGeneratedDataAndReportsItsMeasurements() throws Exception {
		CliRun bench = CliRun.of("bench", "--lines", "3000", "--files", "2", "--runs", "2", "--resume-file-mb", "1",
				"--work-dir", this.work.toString());

		assertThat(bench.code()).as(bench.toString()).isZero();
		assertThat(bench.out()).contains("data set: 3,000 lines in 2 files")
			.containsPattern("run 1: COMPLETED, 3,000 lines \\(\\d malformed\\) in [0-9.]+ s = [0-9,]+ lines/s, [0-9.]+ MB/s, peak heap \\d+ MB")
			.contains("run 2: COMPLETED")
			.containsPattern("resume at 10% \\(offset [0-9,]+\\): [0-9.]+ ms to the first line")
			.contains("resume at 90%");
		assertThat(Files.list(this.work.resolve("data")).count()).isEqualTo(2);
	}

	@Test
	void measuresWithRedisOptionsAndAReplicaThatMustAcknowledgeEveryChunk() {
		CliRun bench = CliRun.of("bench", "--lines", "3000", "--files", "1", "--runs", "1", "--resume-file-mb", "0",
				"--redis-option", "appendonly=yes", "--redis-option", "appendfsync=always", "--replica", "--work-dir",
				this.work.toString());

		assertThat(bench.code()).as(bench.toString()).isZero();
		assertThat(bench.out()).containsPattern("redis: private redis-server on 127.0.0.1:\\d+, appendonly=yes "
				+ "appendfsync=always, replica on 127.0.0.1:\\d+ \\(logagg.redis.wait-replicas=1\\)")
			// With wait-replicas=1, a chunk no replica acknowledged would have failed the run.
			.contains("run 1: COMPLETED, 3,000 lines");
		assertThat(this.work.resolve("redis/appendonlydir")).isDirectory();
	}

	@Test
	void freshJvmRunsEachJobAsItsOwnProcessThenTimesAnIdleRunAfterIt() throws Exception {
		CliRun bench = CliRun.of("bench", "--lines", "2000", "--files", "2", "--runs", "1", "--resume-file-mb", "0",
				"--fresh-jvm", "--logagg.snapshot.mode=none", "--work-dir", this.work.toString());

		assertThat(bench.code()).as(bench.toString()).isZero();
		assertThat(bench.out()).containsPattern("run 1: COMPLETED, 2,000 lines \\(\\d malformed\\) in [0-9.]+ s = [0-9,]+ lines/s, [0-9.]+ MB/s, "
				+ "new JVM, [0-9.]+ s with its start-up; the idle run after it [0-9.]+ s")
			.containsPattern("idle run \\(nothing new, new JVM\\): best [0-9.]+ s, median [0-9.]+ s with start-up");
		// The runs' own summaries, printed by the other processes: the second found nothing new.
		assertThat(Files.readString(this.work.resolve("runs/run-1.out"))).contains("source=bench-1 status=COMPLETED");
		assertThat(Files.readString(this.work.resolve("runs/idle-1.out")))
			.contains("source=bench-1 status=COMPLETED files=1 lines=0 malformed=0");
	}

	@ParameterizedTest
	@ValueSource(strings = { "nginx", "apache", "caddy", "traefik" })
	void writesTheDataSetInTheFormatItIsToReadAndReadsItWithThatFormat(String format) throws Exception {
		CliRun bench = CliRun.of("bench", "--lines", "3000", "--files", "1", "--runs", "1", "--resume-file-mb", "0",
				"--format", format, "--work-dir", this.work.toString());

		assertThat(bench.code()).as(bench.toString()).isZero();
		assertThat(bench.out()).contains("format " + LineLayout.named(format).format())
			// The generator's 0.1 % of malformed lines, and nothing else: the format read its data.
			.containsPattern("run 1: COMPLETED, 3,000 lines \\([0-9] malformed\\)");
	}

	@Test
	void anUnknownFormatIsBadUsage() {
		CliRun bench = CliRun.of("bench", "--format", "iis", "--work-dir", this.work.toString());

		assertThat(bench.code()).isEqualTo(2);
		assertThat(bench.err()).contains("'iis' is not one of combined, nginx, apache, caddy, traefik, w3c, cloudfront, squid");
	}

	@Test
	void redisOptionWithoutAValueIsBadUsage() {
		CliRun bench = CliRun.of("bench", "--redis-option", "appendonly", "--work-dir", this.work.toString());

		assertThat(bench.code()).isEqualTo(2);
		assertThat(bench.err()).contains("--redis-option takes NAME=VALUE");
	}

}

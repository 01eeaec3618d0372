package io.logagg.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.logagg.support.Await;
import io.logagg.support.CliRun;
import io.logagg.support.DataSet;
import io.logagg.support.IndependentCount;
import io.logagg.support.LogaggProcess;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code run --all-sources}: the sources of {@code logagg.sources}, each a partition of one job on
 * {@code logagg.threads} threads, each exact against an independent count of its own files; a
 * source that cannot be read fails alone and {@code restart --all-sources} reads it alone; kill -9
 * mid-run leaves every source exact after the next run.
 */
class AllSourcesTest {

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	@TempDir
	Path work;

	/** Files per source: the sources differ in size, so one mixed up with another shows. */
	private final Map<String, List<Path>> files = new LinkedHashMap<>();

	private List<String> listed(int linesPerFile, String... names) throws IOException {
		List<String> settings = new ArrayList<>();
		for (int i = 0; i < names.length; i++) {
			Path input = this.work.resolve("logs").resolve(names[i]);
			if (i < names.length - 1 || !names[i].endsWith("-missing")) {
				this.files.put(names[i], DataSet.generate(Files.createDirectories(input), i + 1, linesPerFile));
			}
			settings.add("--logagg.sources[" + i + "].name=" + names[i]);
			settings.add("--logagg.sources[" + i + "].input=" + input);
			settings.add("--logagg.sources[" + i + "].pattern=access-*.log");
		}
		settings.addAll(List.of("--redis-url", redis.url(), "--data-dir", this.work.resolve("data").toString(),
				"--logagg.snapshot.mode=none", "--logagg.threads=2"));
		return settings;
	}

	private static CliRun logagg(List<String> settings, String... command) {
		List<String> args = new ArrayList<>(List.of(command));
		args.addAll(settings);
		return CliRun.of(args.toArray(String[]::new));
	}

	private void assertExact(String source) throws IOException {
		assertThat(redis.aggregates(source)).as(source).isEqualTo(IndependentCount.ofFiles(this.files.get(source)));
	}

	@Test
	void everyListedSourceIsReadInOneJobAndCountedExactly() throws IOException {
		List<String> settings = listed(2_000, "web-01", "web-02", "web-03");

		CliRun run = logagg(settings, "run", "--all-sources");

		assertThat(run.code()).as(run.toString()).isZero();
		assertThat(run.out().lines()).hasSize(3);
		assertThat(run.out()).contains("source=web-01 status=COMPLETED files=1 lines=")
			.contains("source=web-02 status=COMPLETED files=2 lines=")
			.contains("source=web-03 status=COMPLETED files=3 lines=");
		for (String source : this.files.keySet()) {
			assertExact(source);
		}
		CliRun again = logagg(settings, "run", "--all-sources");
		assertThat(again.out()).contains("source=web-02 status=COMPLETED files=1 lines=0 malformed=0");
		for (String source : this.files.keySet()) {
			assertExact(source);
		}
	}

	/**
	 * Nine sources on nine threads: each holds a Redis connection for its commits and needs another
	 * to release its lock. With Spring Boot's pool of eight they all waited for a ninth, forever.
	 */
	@Test
	@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
	void nineSourcesOnNineThreadsDoNotRunOutOfRedisConnections() throws IOException {
		List<String> settings = new ArrayList<>(listed(300, "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9"));
		settings.add("--logagg.threads=9");
		settings.add("--logagg.panel.names=");

		CliRun run = logagg(settings, "run", "--all-sources");

		assertThat(run.code()).as(run.toString()).isZero();
		assertThat(run.out().lines().filter(line -> line.contains("status=COMPLETED"))).hasSize(9);
		for (String source : this.files.keySet()) {
			assertExact(source);
		}
	}

	@Test
	void aSourceThatCannotBeReadFailsAloneAndRestartReadsOnlyIt() throws IOException {
		List<String> settings = listed(2_000, "web-01", "web-02", "web-missing");

		CliRun run = logagg(settings, "run", "--all-sources");

		assertThat(run.code()).as(run.toString()).isEqualTo(1);
		assertThat(run.out()).contains("source=web-01 status=COMPLETED").contains("source=web-02 status=COMPLETED")
			.contains("source=web-missing status=FAILED");
		assertThat(run.err()).contains("logagg: source web-missing FAILED: input directory ")
			.contains("does not exist")
			.contains("'logagg restart --all-sources' reads the others again");
		assertExact("web-01");
		assertExact("web-02");

		this.files.put("web-missing",
				DataSet.generate(Files.createDirectories(this.work.resolve("logs").resolve("web-missing")), 1, 1_500));
		CliRun restart = logagg(settings, "restart", "--all-sources");

		assertThat(restart.code()).as(restart.toString()).isZero();
		assertThat(restart.out().lines()).singleElement().asString().contains("source=web-missing status=COMPLETED files=1");
		for (String source : this.files.keySet()) {
			assertExact(source);
		}
		assertThat(logagg(settings, "restart", "--all-sources").err()).contains("completed; nothing to restart");
	}

	/** After a failed source, what the others committed is persisted; a run that committed nothing forks no BGSAVE. */
	@Test
	void aFailedSourcePersistsWhatTheOthersCommittedAndNothingWhenNothingWasCommitted() throws IOException {
		List<String> settings = new ArrayList<>(listed(1_000, "web-01", "web-missing"));
		settings.replaceAll(setting -> setting.equals("--logagg.snapshot.mode=none") ? "--logagg.snapshot.mode=bgsave" : setting);
		long before = redis.persistenceCounter("rdb_saves");

		assertThat(logagg(settings, "run", "--all-sources").code()).isEqualTo(1);
		assertThat(redis.persistenceCounter("rdb_saves")).as("web-01 committed").isEqualTo(before + 1);
		assertExact("web-01");

		CliRun nothingNew = logagg(settings, "run", "--all-sources");
		assertThat(nothingNew.code()).as(nothingNew.toString()).isEqualTo(1);
		assertThat(nothingNew.out()).contains("source=web-01 status=COMPLETED files=1 lines=0");
		assertThat(redis.persistenceCounter("rdb_saves")).as("nothing committed, nothing to persist").isEqualTo(before + 1);
	}

	/** /a and /a/, or one directory inside another with --recursive: the same lines counted twice. */
	@Test
	void sourcesThatReadTheSameFilesAreRefusedBeforeAnythingIsRead() throws IOException {
		Path logs = Files.createDirectories(this.work.resolve("shared"));
		DataSet.generate(Files.createDirectories(logs.resolve("inner")), 1, 100);
		DataSet.generate(logs, 1, 100);
		List<String> same = List.of("--logagg.sources[0].name=web-a", "--logagg.sources[0].input=" + logs,
				"--logagg.sources[1].name=web-b", "--logagg.sources[1].input=" + logs + "/", "--redis-url", redis.url(),
				"--data-dir", this.work.resolve("data").toString(), "--logagg.snapshot.mode=none");

		CliRun run = logagg(same, "run", "--all-sources");

		assertThat(run.code()).as(run.toString()).isEqualTo(2);
		assertThat(run.err()).contains("sources 'web-a' and 'web-b' read the same files");
		assertThat(logagg(same, "run", "--source", "web-b").code()).isEqualTo(2);
		assertThat(redis.checkpoint("web-a")).isNull();
		assertThat(redis.checkpoint("web-b")).isNull();

		List<String> nested = List.of("--logagg.sources[0].name=outer", "--logagg.sources[0].input=" + logs,
				"--logagg.sources[0].pattern=*.log", "--logagg.sources[1].name=inner", "--logagg.sources[1].input=" + logs.resolve("inner"),
				"--logagg.sources[1].pattern=access-*.log", "--redis-url", redis.url(), "--data-dir",
				this.work.resolve("data").toString(), "--logagg.snapshot.mode=none");
		assertThat(logagg(nested, "run", "--all-sources").code()).as("not recursive: two directories").isZero();
		List<String> recursive = new ArrayList<>(nested);
		recursive.add("--recursive");
		CliRun both = logagg(recursive, "run", "--all-sources");
		assertThat(both.code()).as(both.toString()).isEqualTo(2);
		assertThat(both.err()).contains("sources 'outer' and 'inner' read the same files (access-");
	}

	@Test
	void sourceNamesAListedSourceToReadItAloneAndAllSourcesRefusesAnInput() throws IOException {
		List<String> settings = listed(1_000, "web-01", "web-02");

		CliRun one = logagg(settings, "run", "--source", "web-02");

		assertThat(one.code()).as(one.toString()).isZero();
		assertThat(one.out()).contains("source=web-02 status=COMPLETED files=2");
		assertExact("web-02");
		assertThat(redis.aggregates("web-01").lines()).isZero();

		CliRun both = logagg(settings, "run", "--all-sources", "--input", this.work.toString());
		assertThat(both.code()).isEqualTo(2);
		assertThat(both.err()).contains("give it without --input");
		CliRun none = logagg(List.of("--redis-url", redis.url(), "--data-dir", this.work.resolve("data").toString()), "run",
				"--all-sources");
		assertThat(none.code()).isEqualTo(2);
		assertThat(none.err()).contains("logagg.sources lists no source");
	}

	@Test
	void killedMidRunThreeTimesEverySourceIsExactAfterTheNextRun(@TempDir Path logs) throws Exception {
		List<String> settings = new ArrayList<>(listed(8_000, "web-01", "web-02", "web-03", "web-04"));
		settings.add("--logagg.chunk-size=200");
		long total = 0;
		for (List<Path> sourceFiles : this.files.values()) {
			total += IndependentCount.ofFiles(sourceFiles).lines();
		}
		long seed = 20261130L;
		SplittableRandom random = new SplittableRandom(seed);
		for (int kill = 1; kill <= 3; kill++) {
			long before = committed();
			long lines = random.nextLong(2, 20) * 200;
			List<String> args = new ArrayList<>(List.of("run", "--all-sources"));
			args.addAll(settings);
			LogaggProcess process = LogaggProcess.start(logs, args.toArray(String[]::new));
			Await.until("the run to commit " + lines + " more lines", Duration.ofMinutes(2),
					() -> committed() >= before + lines || !process.isAlive());
			assertThat(process.isAlive()).as("seed %d: run %d still going when killed", seed, kill).isTrue();
			process.kill();
		}
		assertThat(committed()).isLessThan(total);

		CliRun last = logagg(settings, "run", "--all-sources");

		assertThat(last.code()).as(last.toString()).isZero();
		for (String source : this.files.keySet()) {
			assertExact(source);
		}
	}

	private long committed() {
		long lines = 0;
		for (String source : this.files.keySet()) {
			IndependentCount count = redis.aggregates(source);
			lines += count.lines() + count.malformed();
		}
		return lines;
	}

}

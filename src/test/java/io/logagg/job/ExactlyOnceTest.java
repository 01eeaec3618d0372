package io.logagg.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import io.logagg.bench.AccessLogGenerator;
import io.logagg.aggregate.ChunkDelta;
import io.logagg.support.CliRun;
import io.logagg.support.IndependentCount;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The product's promise, end to end through the command line against a real Redis: every
 * complete line is counted once, across failures, appends and new files.
 */
class ExactlyOnceTest {

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	@TempDir
	Path input;

	@TempDir
	Path data;

	private CliRun run(String... extra) {
		return run(new Class<?>[0], extra);
	}

	private CliRun run(Class<?>[] sources, String... extra) {
		return redis.run(sources, this.input, this.data, extra);
	}

	private IndependentCount stored() {
		return redis.aggregates("default");
	}

	private String checkpoint() {
		return redis.checkpoint("default");
	}

	private List<Path> inputFiles() throws IOException {
		try (var files = Files.list(this.input)) {
			return files.sorted().toList();
		}
	}

	private void generate(String name, long seed, int lines, double malformed) throws IOException {
		new AccessLogGenerator(seed, ZonedDateTime.parse("2026-11-20T00:00:00Z"), malformed).write(this.input.resolve(name),
				lines);
	}

	@Test
	void totalsOfTheRealCorpusEqualAnIndependentCount() throws IOException {
		List<String> corpus = Files.readAllLines(Path.of("src/test/resources/corpus/apache_logs"), StandardCharsets.ISO_8859_1);
		// Split across three files, the second ending without a newline: an older rotation, no
		// longer written, so its tail is a complete line.
		Files.writeString(this.input.resolve("access-20261120.log"), String.join("\n", corpus.subList(0, 3000)) + "\n",
				StandardCharsets.ISO_8859_1);
		Files.writeString(this.input.resolve("access-20261121.log"), String.join("\n", corpus.subList(3000, 7000)),
				StandardCharsets.ISO_8859_1);
		Files.writeString(this.input.resolve("access-20261122.log"), String.join("\n", corpus.subList(7000, 10000)) + "\n",
				StandardCharsets.ISO_8859_1);

		CliRun run = run();

		assertThat(run.code()).as(run.toString()).isZero();
		assertThat(run.out()).contains("status=COMPLETED files=3 lines=10000 malformed=0");
		IndependentCount expected = IndependentCount.ofFiles(List.of(Path.of("src/test/resources/corpus/apache_logs")));
		assertThat(expected.lines()).isEqualTo(10000);
		assertThat(stored()).isEqualTo(expected);
		assertThat(checkpoint()).isEqualTo("access-20261122.log@" + Files.size(this.input.resolve("access-20261122.log")));
	}

	@ParameterizedTest(name = "{0} Redis chunks per job-repository update")
	@ValueSource(ints = { 1, 3 })
	void failureAfterChunksAreCommittedThenRerunGivesExactTotals(int chunksPerUpdate) throws IOException {
		generate("a.log", 1, 10_000, 0.01);
		generate("b.log", 2, 10_000, 0.01);

		CliRun failed = run(new Class<?>[] { FailAfterFourChunks.class }, "--logagg.chunk-size=700", "--logagg.chunk-growth=1",
				"--logagg.chunks-per-update=" + chunksPerUpdate);

		assertThat(failed.code()).as(failed.toString()).isEqualTo(1);
		assertThat(failed.err()).contains("injected failure after chunk 4");
		// The fourth write reached Redis before the failure (between EXEC and the job
		// repository's commit, the worst moment): Redis holds exactly those lines.
		int committed = 4 * chunksPerUpdate * 700;
		List<byte[]> all = new ArrayList<>();
		for (Path file : inputFiles()) {
			all.addAll(IndependentCount.completeLines(Files.readAllBytes(file)));
		}
		assertThat(stored()).isEqualTo(IndependentCount.of(all.subList(0, committed), IndependentCount.DEFAULT_MAX_LINE_BYTES));
		// The summary counts what reached Redis, not what the job repository last saved.
		assertThat(failed.out()).contains("lines=" + stored().lines() + " malformed=" + stored().malformed() + " ");
		assertThat(checkpoint()).isEqualTo(committed < 10_000 ? "a.log@" + offsetAfterLines(this.input.resolve("a.log"), committed)
				: "b.log@" + offsetAfterLines(this.input.resolve("b.log"), committed - 10_000));
		// ... and the files it opened and the checkpoint it committed, though the failure came before
		// the job repository saved them.
		assertThat(failed.out()).doesNotContain("files=0").endsWith("checkpoint=" + checkpoint() + "\n");

		CliRun rerun = run("--logagg.chunk-size=700", "--logagg.chunk-growth=1");

		assertThat(rerun.code()).as(rerun.toString()).isZero();
		assertThat(rerun.out()).contains(committed < 10_000 ? "files=2" : "files=1");
		assertThat(stored()).isEqualTo(IndependentCount.ofFiles(inputFiles()));
	}

	@Test
	void incompleteLastLineIsLeftForTheNextRun() throws IOException {
		generate("a.log", 3, 1500, 0);
		String lastLine = new AccessLogGenerator(99, ZonedDateTime.parse("2026-11-21T00:00:00Z"), 0).nextLine();
		Path file = this.input.resolve("a.log");
		Files.writeString(file, lastLine.substring(0, 40), StandardOpenOption.APPEND);

		assertThat(run().code()).isZero();
		long before = Files.size(file) - 40;
		assertThat(checkpoint()).isEqualTo("a.log@" + before);
		assertThat(stored().lines()).isEqualTo(1500);

		Files.writeString(file, lastLine.substring(40) + "\n", StandardOpenOption.APPEND);
		CliRun second = run();

		assertThat(second.out()).contains("lines=1 malformed=0");
		assertThat(stored()).isEqualTo(IndependentCount.ofFiles(inputFiles()));
	}

	@Test
	void linesAppendedBetweenRunsArePickedUp() throws IOException {
		generate("a.log", 4, 1200, 0.01);
		assertThat(run().code()).isZero();
		IndependentCount first = stored();

		Path more = Files.createTempFile(this.data, "more", ".log");
		new AccessLogGenerator(5, ZonedDateTime.parse("2026-11-22T00:00:00Z"), 0.01).write(more, 800);
		Files.write(this.input.resolve("a.log"), Files.readAllBytes(more), StandardOpenOption.APPEND);
		CliRun second = run();

		assertThat(second.code()).isZero();
		assertThat(stored().lines() + stored().malformed()).isEqualTo(first.lines() + first.malformed() + 800);
		assertThat(stored()).isEqualTo(IndependentCount.ofFiles(inputFiles()));
		assertThat(checkpoint()).isEqualTo("a.log@" + Files.size(this.input.resolve("a.log")));
	}

	@Test
	void newFileSortingAfterTheCheckpointIsPickedUp() throws IOException {
		generate("access-2026-11-20.log", 6, 1000, 0);
		assertThat(run().code()).isZero();

		generate("access-2026-11-21.log", 7, 700, 0);
		CliRun second = run();

		assertThat(second.out()).contains("files=2 lines=700");
		assertThat(stored()).isEqualTo(IndependentCount.ofFiles(inputFiles()));
		assertThat(checkpoint()).isEqualTo("access-2026-11-21.log@" + Files.size(this.input.resolve("access-2026-11-21.log")));
	}

	@Test
	void rerunWithNothingNewChangesNothingAndSucceeds() throws IOException {
		generate("a.log", 8, 300, 0);
		assertThat(run().code()).isZero();
		IndependentCount first = stored();

		CliRun idle = run();

		assertThat(idle.code()).isZero();
		assertThat(idle.out()).contains("lines=0 malformed=0");
		assertThat(stored()).isEqualTo(first);
	}

	private static long offsetAfterLines(Path file, int lines) throws IOException {
		byte[] content = Files.readAllBytes(file);
		int seen = 0;
		for (int i = 0; i < content.length; i++) {
			if (content[i] == '\n' && ++seen == lines) {
				return i + 1;
			}
		}
		throw new IllegalArgumentException(file + " has fewer than " + lines + " lines");
	}

	/**
	 * Fails the step right after the fourth chunk was written to Redis, before the job repository
	 * commits. Not a {@code @Configuration}, so that component scanning leaves it out of other tests.
	 */
	static class FailAfterFourChunks {

		@Bean
		ItemWriteListener<ChunkDelta> failAfterFourChunks() {
			int chunks = 4;
			return new ItemWriteListener<>() {
				private int written;

				@Override
				public void afterWrite(Chunk<? extends ChunkDelta> items) {
					if (++this.written == chunks) {
						throw new IllegalStateException("injected failure after chunk " + chunks);
					}
				}
			};
		}

	}

}

package io.logagg.aggregate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

import io.logagg.parse.AccessLogEntry;
import io.logagg.parse.LineParser;
import io.logagg.read.FilePosition;
import io.logagg.read.LogFileItemReader;
import io.logagg.read.LogFileItemReader.FileSelection;
import io.logagg.read.LogFileItemReader.LineLimits;
import io.logagg.read.RewrittenFilePolicy;
import io.logagg.support.Await;
import io.logagg.support.EntryParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.infrastructure.item.ExecutionContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The read-ahead: what it hands the step, how much it holds, and how it fails. */
class ChunkDeltaReaderTest {

	/** Each line's path is the whole line, so that paths are as long and as distinct as lines. */
	private static final LineParser PATH_IS_THE_LINE = EntryParser.of((line, from, to) -> new AccessLogEntry(200, 0,
			new String(line, from, to - from, StandardCharsets.ISO_8859_1), 1));

	@TempDir
	Path input;

	private ChunkDeltaReader reader(LineParser parser, int chunkSize) {
		return reader(parser, chunkSize, 16);
	}

	private ChunkDeltaReader reader(LineParser parser, int chunkSize, int chunkGrowth) {
		LogFileItemReader lines = new LogFileItemReader(this.input, new FileSelection("*.log", false), parser,
				new LineLimits(65536, 1 << 20), RewrittenFilePolicy.REREAD, () -> FilePosition.BEGINNING);
		return new ChunkDeltaReader(lines, chunkSize, chunkGrowth, 1, Aggregates.forFormat(parser.fields(), AggregateSettings.DEFAULTS), plan -> {
		});
	}

	private static java.util.Map<String, Long> paths(ChunkDelta delta) {
		java.util.Map<String, Long> counts = new java.util.TreeMap<>();
		PathsAggregate.countsIn(delta.pendingDelta(), counts);
		return counts;
	}

	@Test
	void chunksOfLongDistinctPathsEndEarlyAndEveryLineIsCountedOnce() throws IOException {
		int lineCount = 300;
		StringBuilder content = new StringBuilder();
		for (int i = 0; i < lineCount; i++) {
			content.append(String.format("%05d", i)).append("p".repeat(60_000)).append('\n');
		}
		Files.writeString(this.input.resolve("a.log"), content, StandardCharsets.ISO_8859_1);
		List<ChunkDelta> deltas = readAll(reader(PATH_IS_THE_LINE, 1000), "nothing", waiting -> true);

		assertThat(deltas).hasSizeGreaterThan(1);
		for (ChunkDelta delta : deltas) {
			long chars = paths(delta).keySet().stream().mapToLong(String::length).sum();
			assertThat(chars).isLessThan(ChunkDeltaReader.maxChunkBytes(1) + 65_536);
		}
		assertThat(deltas.stream().mapToLong(ChunkDelta::lines).sum()).isEqualTo(lineCount);
		assertThat(deltas.stream().mapToLong(delta -> paths(delta).size()).sum()).isEqualTo(lineCount);
		assertEndAtTheEndOfTheFile(deltas);
	}

	@Test
	void chunksGrowByChunkSizeLinesWhileTheStepLagsAndEveryLineIsCountedOnce() throws IOException {
		int chunkSize = 10;
		int grown = chunkSize * 16;
		List<ChunkDelta> deltas = readLagging(chunkSize, 16, ChunkDeltaReader.BACKED_UP * chunkSize + 5 * grown + 25,
				ChunkDeltaReader.BACKED_UP + 6);

		List<Long> sizes = deltas.stream().map(ChunkDelta::lines).toList();
		assertThat(sizes.subList(0, ChunkDeltaReader.BACKED_UP)).as("until %d chunks wait", ChunkDeltaReader.BACKED_UP)
			.containsOnly((long) chunkSize);
		assertThat(sizes.subList(ChunkDeltaReader.BACKED_UP, sizes.size())).containsExactly((long) grown, (long) grown,
				(long) grown, (long) grown, (long) grown, 25L);
	}

	@Test
	void withAGrowthOfOneEveryChunkKeepsChunkSizeLinesWhileTheStepLags() throws IOException {
		List<ChunkDelta> deltas = readLagging(10, 1, ChunkDeltaReader.BACKED_UP * 10 + 95, ChunkDeltaReader.BACKED_UP + 10);

		assertThat(deltas.subList(0, deltas.size() - 1)).extracting(ChunkDelta::lines).containsOnly(10L);
		assertThat(deltas.get(deltas.size() - 1).lines()).isEqualTo(5);
	}

	@Test
	void aGrowingChunkOfAMinuteALineEndsAtTheMemoryBoundAndEveryLineIsCountedOnce() throws IOException {
		// Each line its own minute: a grown chunk's minutes, not its lines, reach the bound.
		int bound = (ChunkDeltaReader.maxChunkBytes(1) + TimeBuckets.SMALL_BUCKET_BYTES - 1) / TimeBuckets.SMALL_BUCKET_BYTES;
		int lineCount = ChunkDeltaReader.BACKED_UP * 1000 + 3 * bound;
		StringBuilder content = new StringBuilder();
		for (int i = 0; i < lineCount; i++) {
			content.append(i).append('\n');
		}
		Files.writeString(this.input.resolve("a.log"), content);
		ChunkDeltaReader reader = reader(EntryParser.of((line, from, to) -> new AccessLogEntry(200,
				Long.parseLong(new String(line, from, to - from, StandardCharsets.US_ASCII)), "/", 1)), 1000, 1000);
		List<ChunkDelta> deltas = readAll(reader, "more than " + ChunkDeltaReader.BACKED_UP + " chunks",
				waiting -> waiting > ChunkDeltaReader.BACKED_UP);

		// The minutes' bytes and a little more (the hours panel's members): the bound, not growth, ends it.
		long largest = deltas.stream().mapToLong(ChunkDelta::lines).max().orElseThrow();
		assertThat(largest).isBetween(bound * 9L / 10, (long) bound);
		assertThat(deltas.stream().mapToLong(ChunkDelta::lines).sum()).isEqualTo(lineCount);
		assertThat(deltas.stream().mapToLong(delta -> delta.part(MinutesAggregate.Counts.class).counts().size()).sum())
			.isEqualTo(lineCount);
	}

	/**
	 * Reads {@code lineCount} distinct lines while the step takes nothing until the read-ahead has
	 * queued its {@code chunks} chunks, as a step that lags all along; checks that every line is
	 * counted once.
	 */
	private List<ChunkDelta> readLagging(int chunkSize, int chunkGrowth, int lineCount, int chunks) throws IOException {
		StringBuilder content = new StringBuilder();
		for (int i = 0; i < lineCount; i++) {
			content.append("/p").append(i).append('\n');
		}
		Files.writeString(this.input.resolve("a.log"), content);
		List<ChunkDelta> deltas = readAll(reader(PATH_IS_THE_LINE, chunkSize, chunkGrowth), chunks + " chunks and the end",
				waiting -> waiting == chunks + 1);
		assertThat(deltas.stream().mapToLong(ChunkDelta::lines).sum()).isEqualTo(lineCount);
		assertThat(deltas.stream().mapToLong(delta -> paths(delta).size()).sum()).isEqualTo(lineCount);
		assertEndAtTheEndOfTheFile(deltas);
		return deltas;
	}

	/**
	 * Opens {@code reader} and reads every chunk, taking none until the number of chunks waiting
	 * satisfies {@code queued} (a step that lags behind the read-ahead), then closes it.
	 */
	private static List<ChunkDelta> readAll(ChunkDeltaReader reader, String queuedWhat, IntPredicate queued) {
		reader.open(new ExecutionContext());
		List<ChunkDelta> deltas = new ArrayList<>();
		try {
			Await.until("the read-ahead to queue " + queuedWhat, Duration.ofSeconds(30), () -> queued.test(reader.waiting()));
			for (ChunkDelta delta; (delta = reader.read()) != null;) {
				deltas.add(delta);
			}
		}
		finally {
			reader.close();
		}
		return deltas;
	}

	private void assertEndAtTheEndOfTheFile(List<ChunkDelta> deltas) throws IOException {
		FilePosition endOfFile = new FilePosition("a.log", Files.size(this.input.resolve("a.log")));
		assertThat(deltas.get(deltas.size() - 1).end()).matches(end -> end.samePlace(endOfFile), "ends at " + endOfFile);
	}

	@Test
	void anErrorWhileReadingAheadFailsTheStepInsteadOfLeavingItWaiting() throws IOException {
		Files.writeString(this.input.resolve("a.log"), "a line\n".repeat(10));
		ChunkDeltaReader reader = reader(EntryParser.of((line, from, to) -> {
			throw new OutOfMemoryError("injected");
		}), 1000);
		reader.open(new ExecutionContext());
		try {
			assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(reader::read)
				.hasMessageContaining("reading ahead failed")
				.hasRootCauseInstanceOf(OutOfMemoryError.class));
		}
		finally {
			reader.close();
		}
	}

}

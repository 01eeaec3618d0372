package io.logagg.aggregate;

import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.logagg.filter.LineFilters;
import io.logagg.filter.StatusFilter;
import io.logagg.parse.CombinedLogParser;
import io.logagg.parse.LogField;
import io.logagg.read.FilePosition;
import io.logagg.read.LogFileItemReader;
import io.logagg.read.LogFileItemReader.FileSelection;
import io.logagg.read.LogFileItemReader.LineLimits;
import io.logagg.read.RewrittenFilePolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.infrastructure.item.ExecutionContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Chunks built on two threads are the chunks one thread builds, in order, and end as they should. */
class SplitChunkBuilderTest {

	private static final Path SAMPLE_LOGS = Path.of("sample-logs");

	private final List<Aggregate> aggregates = Aggregates.forFormat(java.util.EnumSet.allOf(LogField.class),
			AggregateSettings.DEFAULTS.keeping(10));

	/**
	 * The sample logs (five malformed lines among them), cut into chunks of {@code chunkLines}
	 * lines; beside the default aggregates, one on the members' thread that notes the order in which
	 * it is told of lines and malformed lines (no panel counts malformed lines, but one may).
	 */
	@ParameterizedTest
	@ValueSource(ints = { 1, 7, 300, 5000 })
	void theChunksOfTwoThreadsAreThoseOfOneLineForLine(int chunkLines) throws InterruptedException {
		LineFilters filters = new LineFilters(List.of(new StatusFilter(List.of(404))));
		List<Aggregate> aggregates = new ArrayList<>(this.aggregates);
		aggregates.add(new ReadOrderAggregate());
		List<String> alone = new ArrayList<>();
		ChunkDelta.Builder one = new ChunkDelta.Builder(aggregates, filters);
		read(one, chunkLines, (end, files) -> {
			long retained = one.retainedBytes();
			alone.add(render(one.build(end, files)) + " held=" + retained);
		}, () -> one.lines());

		Collected collected = new Collected();
		SplitChunkBuilder two = new SplitChunkBuilder(aggregates, filters, collected, ChunkDeltaReader.maxChunkBytes(1), "test-members");
		try {
			read(two, chunkLines, two::endChunk, two::lines);
			two.end();
			List<String> chunks = collected.all();
			assertThat(chunks).containsExactlyElementsOf(alone);
			assertThat(chunks).as("malformed lines reach the members' thread in their place")
				.anyMatch(chunk -> chunk.matches("(?s).*seen=L*M\\d+ .*"));
		}
		finally {
			two.close();
		}
		assertThat(alone).as("4,200 lines, 5 of them malformed").hasSize((4200 + chunkLines - 1) / chunkLines);
	}

	@Test
	void aReadingFailureReachesTheSinkAfterTheChunksBeforeItAndStopsTheMembersThread() throws InterruptedException {
		Collected collected = new Collected();
		SplitChunkBuilder builder = new SplitChunkBuilder(this.aggregates, LineFilters.NONE, collected, ChunkDeltaReader.maxChunkBytes(1), "test-members");
		read(builder, 1000, builder::endChunk, builder::lines);
		IllegalStateException failure = new IllegalStateException("the disk went away");
		builder.fail(failure);

		assertThat(collected.all()).as("4,200 lines in chunks of 1000").hasSize(5);
		assertThat(collected.failure).isSameAs(failure);
		Thread members = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("test-members")).findFirst().orElse(null);
		if (members != null) {
			members.join(10_000);
			assertThat(members.isAlive()).isFalse();
		}
	}

	@Test
	void aFailureOfTheMembersThreadReachesTheSinkInsteadOfAnyChunk() throws InterruptedException {
		Aggregate failing = new MembersAggregate() {

			@Override
			public Accumulator accumulator() {
				return new Accumulator() {

					@Override
					public void add(io.logagg.parse.ParsedLine line) {
						throw new OutOfMemoryError("no room left (a test)");
					}

					@Override
					public io.logagg.checkpoint.ChunkWrites drain(ChunkCounts counts) {
						return null;
					}

				};
			}

		};
		Collected collected = new Collected();
		List<Aggregate> aggregates = new ArrayList<>(this.aggregates);
		aggregates.add(failing);
		SplitChunkBuilder builder = new SplitChunkBuilder(aggregates, LineFilters.NONE, collected, ChunkDeltaReader.maxChunkBytes(1),
				"test-members");
		try {
			try {
				read(builder, 1000, builder::endChunk, builder::lines);
				builder.end();
			}
			catch (SplitChunkBuilder.Interrupted ex) {
				// handing over gave up: the members' thread had failed
			}
			assertThat(collected.all()).as("no chunk: the first line failed").isEmpty();
			assertThat(collected.failure).hasMessageContaining("counting a chunk's members failed")
				.hasMessageContaining("no room left");
			assertThat(builder.failed()).isTrue();
		}
		finally {
			builder.close();
		}
	}

	@Test
	void aChunkOfLongPathsEndsAtTheMemoryBoundWithWhatTheMembersThreadHoldsCounted(@TempDir Path dir) throws Exception {
		// With durations the paths, pathsTime and slowPaths tables each keep a copy of a path: counted
		// by its bytes while the members' thread had not counted it, chunks of such lines held
		// several times the bound.
		StringBuilder content = new StringBuilder();
		for (int i = 0; i < 120; i++) {
			content.append("10.0.0.").append(i % 200).append(" - - [20/Nov/2026:06:25:00 +0000] \"GET /").append(i).append('/')
				.append("p".repeat(20_000)).append(" HTTP/1.1\" 200 7 \"-\" \"agent\" 0.").append(String.format("%03d", i))
				.append(" h\n");
		}
		java.nio.file.Files.writeString(dir.resolve("a.log"), content);
		io.logagg.parse.LineParser parser = io.logagg.parse.FormatSpec.compile("nginx:$remote_addr - $remote_user [$time_local] "
				+ "\"$request\" $status $body_bytes_sent \"$http_referer\" \"$http_user_agent\" $request_time $host");
		List<Aggregate> aggregates = Aggregates.forFormat(parser.fields(), AggregateSettings.DEFAULTS);
		int bound = 256 << 10;
		List<Long> held = new java.util.concurrent.CopyOnWriteArrayList<>();
		Collected collected = new Collected() {

			@Override
			public void chunk(ChunkDelta delta, long retainedBytes) {
				held.add(retainedBytes);
				super.chunk(delta, retainedBytes);
			}

		};
		SplitChunkBuilder builder = new SplitChunkBuilder(aggregates, LineFilters.NONE, collected, bound, "test-members");
		try {
			read(dir, parser, builder, () -> builder.retainedBytes() >= bound, builder::endChunk, builder::lines);
			builder.end();
			assertThat(collected.all()).hasSizeGreaterThan(5);
		}
		finally {
			builder.close();
		}
		// One line's copies and their overheads past the bound at most: the line that passed it.
		assertThat(held).allSatisfy(bytes -> assertThat(bytes).isLessThan(bound + 4 * (20_000 + 1024)));
	}

	/** Reads the sample logs into {@code into}, ending a chunk after every {@code chunkLines} lines and at the end. */
	private static void read(io.logagg.read.LineConsumer into, int chunkLines, ChunkEnds ends,
			java.util.function.IntSupplier linesOfChunk) {
		read(SAMPLE_LOGS, new CombinedLogParser(), into, () -> linesOfChunk.getAsInt() % chunkLines == 0, ends,
				linesOfChunk);
	}

	/** Reads the logs of {@code dir} into {@code into}, ending a chunk where {@code full} says and at the end. */
	private static void read(Path dir, io.logagg.parse.LineParser parser, io.logagg.read.LineConsumer into,
			java.util.function.BooleanSupplier full, ChunkEnds ends, java.util.function.IntSupplier linesOfChunk) {
		LogFileItemReader lines = new LogFileItemReader(dir, new FileSelection("*.log", false), parser,
				new LineLimits(65536, 1 << 16), RewrittenFilePolicy.REREAD, () -> FilePosition.BEGINNING);
		lines.open(new ExecutionContext());
		try {
			while (true) {
				boolean read = lines.readInto(into);
				if (linesOfChunk.getAsInt() > 0 && (!read || full.getAsBoolean())) {
					ends.end(lines.position(), lines.takeFilesUpdate());
				}
				if (!read) {
					return;
				}
			}
		}
		finally {
			lines.close();
		}
	}

	private interface ChunkEnds {

		void end(FilePosition end, io.logagg.read.FilesUpdate files);

	}

	/** What the members' thread hands on, rendered. */
	private static class Collected implements SplitChunkBuilder.Sink {

		private final BlockingQueue<Object> items = new LinkedBlockingQueue<>();

		private volatile RuntimeException failure;

		@Override
		public void chunk(ChunkDelta delta, long retainedBytes) {
			this.items.add(render(delta) + " held=" + retainedBytes);
		}

		@Override
		public void end() {
			this.items.add(Boolean.TRUE);
		}

		@Override
		public void failure(RuntimeException failure) {
			this.failure = failure;
			this.items.add(Boolean.FALSE);
		}

		/** The chunks until the end or a failure. */
		List<String> all() throws InterruptedException {
			List<String> chunks = new ArrayList<>();
			while (true) {
				Object item = this.items.poll(30, TimeUnit.SECONDS);
				assertThat(item).as("the members' thread's next item").isNotNull();
				if (item instanceof Boolean) {
					return chunks;
				}
				chunks.add((String) item);
			}
		}

	}

	/** An aggregate of a test that counts members (on the members' thread) and needs no field parsed. */
	private abstract static class MembersAggregate implements Aggregate {

		@Override
		public java.util.Set<LogField> needs() {
			return java.util.Set.of();
		}

		@Override
		public boolean countsMembers() {
			return true;
		}

	}

	/** Notes each line it reads (L) and each malformed line (M and its offset), on the members' thread. */
	private static final class ReadOrderAggregate extends MembersAggregate {

		@Override
		public Accumulator accumulator() {
			return new Accumulator() {

				private final StringBuilder seen = new StringBuilder();

				@Override
				public void add(io.logagg.parse.ParsedLine line) {
					this.seen.append('L');
				}

				@Override
				public void malformed(String file, io.logagg.read.RejectedLine rejected) {
					this.seen.append("M").append(rejected.offset()).append(' ');
				}

				@Override
				public io.logagg.checkpoint.ChunkWrites drain(ChunkCounts counts) {
					ReadOrder order = new ReadOrder(this.seen.toString());
					this.seen.setLength(0);
					return order;
				}

			};
		}

	}

	private record ReadOrder(String seen) implements io.logagg.checkpoint.ChunkWrites {

		@Override
		public void queue(io.logagg.checkpoint.TransactionCommands commands) {
		}

	}

	/** Every value a chunk commits, arrays and the visitors' elements as their contents. */
	private static String render(ChunkDelta delta) {
		return delta.end() + " lines=" + delta.lines() + " malformed=" + delta.malformed() + " bytes=" + delta.bytes() + " files="
				+ delta.files() + " pending=" + ((delta.pendingDelta() != null) ? Base64.getEncoder().encodeToString(delta.pendingDelta()) : null)
				+ " writes=" + delta.writes().stream().map(SplitChunkBuilderTest::render).collect(Collectors.joining(", "));
	}

	private static String render(Object value) {
		if (value instanceof byte[] bytes) {
			return new String(bytes, StandardCharsets.ISO_8859_1);
		}
		if (value != null && value.getClass().isArray()) {
			StringBuilder items = new StringBuilder("[");
			for (int i = 0; i < java.lang.reflect.Array.getLength(value); i++) {
				items.append(render(java.lang.reflect.Array.get(value, i))).append(',');
			}
			return items.append(']').toString();
		}
		if (value instanceof Map<?, ?> map) {
			return map.entrySet().stream().map(e -> render(e.getKey()) + "=" + render(e.getValue())).sorted()
				.collect(Collectors.joining(",", "{", "}"));
		}
		if (value instanceof Collection<?> values) {
			return values.stream().map(SplitChunkBuilderTest::render).sorted().collect(Collectors.joining(",", "[", "]"));
		}
		if (value instanceof Record record) {
			StringBuilder text = new StringBuilder(record.getClass().getSimpleName()).append('(');
			for (RecordComponent component : record.getClass().getRecordComponents()) {
				try {
					component.getAccessor().setAccessible(true);
					text.append(component.getName()).append('=').append(render(component.getAccessor().invoke(record))).append(' ');
				}
				catch (ReflectiveOperationException ex) {
					throw new IllegalStateException(ex);
				}
			}
			return text.append(')').toString();
		}
		return String.valueOf(value);
	}

}

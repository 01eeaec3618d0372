package io.logagg.read;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.logagg.parse.AccessLogEntry;
import io.logagg.parse.LineParser;
import io.logagg.support.EntryParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogFileItemReaderTest {

	/** Keeps each line's text as its "path"; lines starting with BAD are malformed. */
	private static final LineParser ECHO = EntryParser.of((b, from, to) -> {
		String text = new String(b, from, to - from, StandardCharsets.UTF_8);
		return text.startsWith("BAD") ? null : new AccessLogEntry(200, 0, text, to - from);
	});

	@TempDir
	Path dir;

	private void write(String name, String content) throws IOException {
		Files.write(this.dir.resolve(name), content.getBytes(StandardCharsets.UTF_8));
	}

	private LogFileItemReader reader(FilePosition start, int maxLineBytes, int bufferBytes, RewrittenFilePolicy policy,
			String glob, boolean recursive) {
		return new LogFileItemReader(this.dir, new LogFileItemReader.FileSelection(glob, recursive), ECHO,
				new LogFileItemReader.LineLimits(maxLineBytes, bufferBytes), policy, () -> start);
	}

	private List<ReadLine> readLines(LogFileItemReader reader) {
		reader.open(new ExecutionContext());
		List<ReadLine> lines = new ArrayList<>();
		for (ReadLine line = reader.read(); line != null; line = reader.read()) {
			lines.add(line);
		}
		assertThat(reader.read()).as("stays at the end").isNull();
		reader.close();
		return lines;
	}

	private static List<String> describe(List<ReadLine> lines) {
		return lines.stream()
			.map(line -> (line.malformed() ? "<malformed>" : line.entry().path()) + " " + line.end())
			.toList();
	}

	private List<String> readAll(FilePosition start, int maxLineBytes, int bufferBytes) {
		return describe(readLines(reader(start, maxLineBytes, bufferBytes, RewrittenFilePolicy.REREAD, "*.log", false)));
	}

	/** The position after the last line of a full read, with the file's identity, as a checkpoint stores it. */
	private FilePosition endOfRead() {
		List<ReadLine> lines = readLines(reader(FilePosition.BEGINNING, 1000, 4096, RewrittenFilePolicy.REREAD, "*", false));
		return lines.get(lines.size() - 1).end();
	}

	private List<String> readAll(FilePosition start) {
		return readAll(start, 1000, 4096);
	}

	@Test
	void countsTheNewlineInTheOffset() throws IOException {
		write("a.log", "one\ntwo\n");
		assertThat(readAll(FilePosition.BEGINNING)).containsExactly("one a.log@4", "two a.log@8");
	}

	@Test
	void dropsOneCarriageReturnBeforeNewline() throws IOException {
		write("a.log", "one\r\ntwo\r\r\n");
		assertThat(readAll(FilePosition.BEGINNING)).containsExactly("one a.log@5", "two\r a.log@11");
	}

	@Test
	void skipsEmptyLinesButCountsTheirBytes() throws IOException {
		write("a.log", "\n\r\none\n\n");
		assertThat(readAll(FilePosition.BEGINNING)).containsExactly("one a.log@7");
	}

	@Test
	void leavesAnIncompleteLastLineOfTheLastFileUnread() throws IOException {
		write("a.log", "one\ntwo\nthr");
		assertThat(readAll(FilePosition.BEGINNING)).containsExactly("one a.log@4", "two a.log@8");
		write("a.log", "one\ntwo\nthree\n");
		assertThat(readAll(new FilePosition("a.log", 8))).containsExactly("three a.log@14");
	}

	@Test
	void readsTheUnterminatedTailOfAnOlderRotationButNotOfALiveLogBeforeAnother() throws IOException {
		write("a-20261128.log", "old\nend");
		write("a-20261129.log", "one\n");
		write("a.log", "two\nhalf");
		write("b.log", "three\n");
		// a.log may be mid-write, though b.log is read after it: two vhosts' live logs.
		assertThat(readAll(FilePosition.BEGINNING)).containsExactly("old a-20261128.log@4", "end a-20261128.log@7",
				"one a-20261129.log@4", "two a.log@4", "three b.log@6");
	}

	@Test
	void resumesAtTheStoredOffsetWithoutRereading() throws IOException {
		write("a.log", "one\ntwo\nthree\n");
		write("b.log", "four\n");
		assertThat(readAll(new FilePosition("a.log", 8))).containsExactly("three a.log@14", "four b.log@5");
		assertThat(readAll(new FilePosition("a.log", 14))).containsExactly("four b.log@5");
		assertThat(readAll(new FilePosition("b.log", 5))).isEmpty();
	}

	@Test
	void skipsFilesSortingBeforeTheCheckpointedFile() throws IOException {
		write("a.log", "old\n");
		write("c.log", "new\n");
		// b.log was rotated away: everything after it in name order is still to read.
		assertThat(readAll(new FilePosition("b.log", 100))).containsExactly("new c.log@4");
	}

	@Test
	void sortsFileNamesByBytesAndReadsOnlyMatchingRegularFiles() throws IOException {
		write("b.log", "b\n");
		write("B.log", "B\n");
		write("\u00e9.log", "e\n");
		write("a.txt", "ignored\n");
		Files.createDirectory(this.dir.resolve("sub.log"));
		assertThat(readAll(FilePosition.BEGINNING)).containsExactly("B B.log@2", "b b.log@2", "e \u00e9.log@2");
	}

	@Test
	void countsAnOverlongLineAsMalformedWithoutHoldingIt() throws IOException {
		String longLine = "x".repeat(100_000);
		write("a.log", "short\n" + longLine + "\nafter\n" + "y".repeat(17) + "\r\n" + "z".repeat(16) + "\r\n");
		List<String> lines = readAll(FilePosition.BEGINNING, 16, 64);
		assertThat(lines).containsExactly("short a.log@6", "<malformed> a.log@100007", "after a.log@100013",
				"<malformed> a.log@100032", "zzzzzzzzzzzzzzzz a.log@100050");
	}

	@Test
	void leavesAnOverlongUnterminatedLastLineForLater() throws IOException {
		write("a.log", "short\n" + "x".repeat(10_000));
		assertThat(readAll(FilePosition.BEGINNING, 16, 64)).containsExactly("short a.log@6");
	}

	@Test
	void reportsMalformedLinesWithTheirEnd() throws IOException {
		write("a.log", "BAD one\ngood\n");
		assertThat(readAll(FilePosition.BEGINNING)).containsExactly("<malformed> a.log@8", "good a.log@13");
	}

	@Test
	void handlesCarriageReturnNewlineSplitAcrossRefills() throws IOException {
		// With a 64-byte buffer the \r of the second line is the buffer's last byte.
		String first = "a".repeat(40);
		String second = "b".repeat(64 - 41 - 1);
		write("a.log", first + "\n" + second + "\r\n" + "c\n");
		assertThat(readAll(FilePosition.BEGINNING, 40, 64)).containsExactly(first + " a.log@41",
				second + " a.log@65", "c a.log@67");
	}

	@Test
	void givesTheSameLinesAndOffsetsForAnyBufferSize() throws IOException {
		SplittableRandom random = new SplittableRandom(42);
		StringBuilder content = new StringBuilder();
		for (int i = 0; i < 2000; i++) {
			int kind = random.nextInt(10);
			String line = (kind == 0) ? "" : (kind == 1) ? "BAD" + i : "line-" + i + "-" + "p".repeat(random.nextInt(0, 90));
			content.append(line).append(random.nextInt(4) == 0 ? "\r\n" : "\n");
		}
		write("a.log", content.toString());
		write("b.log", content.substring(0, content.length() / 2));
		List<String> expected = readAll(FilePosition.BEGINNING, 64, 1 << 20);
		for (int trial = 0; trial < 20; trial++) {
			int buffer = random.nextInt(66, 400);
			assertThat(readAll(FilePosition.BEGINNING, 64, buffer)).as("buffer of %d bytes", buffer).isEqualTo(expected);
		}
	}

	@Test
	void continuesAFileThatOnlyGrew() throws IOException {
		write("a.log", "one\ntwo\n");
		FilePosition checkpoint = endOfRead();
		write("a.log", "one\ntwo\nthree\n");
		assertThat(readAll(checkpoint)).containsExactly("three a.log@14");
	}

	@Test
	void rereadsATruncatedFileFromTheStart() throws IOException {
		write("a.log", "one\ntwo\nthree\n");
		FilePosition checkpoint = endOfRead();
		// copytruncate, then the server writes on: shorter than the checkpoint offset
		write("a.log", "four\n");
		assertThat(readAll(checkpoint)).containsExactly("four a.log@5");
		// ... or already longer again, but shorter than the size seen at the checkpoint
		write("a.log", "one\ntwo\nthree\n" + "x".repeat(50) + "\n");
		FilePosition longer = endOfRead();
		write("a.log", "one\ntwo\nthree\nfive\n");
		assertThat(readAll(longer)).startsWith("one a.log@4");
	}

	@Test
	void rereadsAFileReplacedUnderTheSameNameEvenWhenLonger() throws IOException {
		write("a.log", "one\ntwo\n");
		FilePosition checkpoint = endOfRead();
		write("a.log", "ONE\ntwo\nthree\n");
		assertThat(readAll(checkpoint)).containsExactly("ONE a.log@4", "two a.log@8", "three a.log@14");
	}

	@Test
	void failsOnARewrittenFileWhenToldTo() throws IOException {
		write("a.log", "one\ntwo\n");
		FilePosition checkpoint = endOfRead();
		write("a.log", "new\n");
		LogFileItemReader reader = reader(checkpoint, 1000, 4096, RewrittenFilePolicy.FAIL, "*.log", false);
		assertThatThrownBy(() -> reader.open(new ExecutionContext())).isInstanceOf(ItemStreamException.class)
			.hasMessageContaining("a.log was truncated or replaced since the checkpoint at offset 8")
			.hasMessageContaining("logagg.on-rewritten-file");
	}

	@Test
	void readsGzipFilesAndResumesAtDecompressedOffsets() throws IOException {
		try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(this.dir.resolve("a.log.gz")))) {
			out.write("one\ntwo\nthree\n".getBytes(StandardCharsets.UTF_8));
		}
		write("b.log", "four\n");
		List<String> all = describe(readLines(reader(FilePosition.BEGINNING, 1000, 4096, RewrittenFilePolicy.REREAD, "a.log*", false)));
		assertThat(all).containsExactly("one a.log.gz@4", "two a.log.gz@8", "three a.log.gz@14");
		assertThat(describe(readLines(reader(new FilePosition("a.log.gz", 8), 1000, 4096, RewrittenFilePolicy.REREAD, "*", false))))
			.containsExactly("three a.log.gz@14", "four b.log@5");
	}

	@Test
	void readsWhatAGzipFileStillBeingWrittenHoldsSoFar() throws IOException {
		java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
		try (var out = new java.util.zip.GZIPOutputStream(bytes)) {
			for (int i = 0; i < 2000; i++) {
				out.write(("line-" + i + "\n").getBytes(StandardCharsets.UTF_8));
			}
		}
		byte[] whole = bytes.toByteArray();
		Files.write(this.dir.resolve("a.log.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
		List<ReadLine> lines = readLines(reader(FilePosition.BEGINNING, 1000, 4096, RewrittenFilePolicy.REREAD, "*.gz", false));
		assertThat(lines).isNotEmpty().hasSizeLessThan(2000);
		assertThat(lines.get(lines.size() - 1).entry().path()).isEqualTo("line-" + (lines.size() - 1));
	}

	@Test
	void readsSubdirectoriesOnlyWhenRecursive() throws IOException {
		write("b.log", "top\n");
		Files.createDirectories(this.dir.resolve("a dir"));
		write("a dir/x.log", "nested\n");
		assertThat(readAll(FilePosition.BEGINNING)).containsExactly("top b.log@4");
		assertThat(describe(readLines(reader(FilePosition.BEGINNING, 1000, 4096, RewrittenFilePolicy.REREAD, "*.log", true))))
			.containsExactly("nested a dir/x.log@7", "top b.log@4");
	}

	@Test
	void keepsWhereAMalformedLineStartsAndHowItBegins() throws IOException {
		write("a.log", "good\nBAD \u0000\u00ff\\\n" + "y".repeat(300) + "\n");
		List<ReadLine> lines = readLines(reader(FilePosition.BEGINNING, 100, 128, RewrittenFilePolicy.REREAD, "*.log", false));
		assertThat(lines.get(1).rejected()).as("a test format says no reason").isEqualTo(new RejectedLine(5, "BAD \\x00\\xc3\\xbf\\x5c", null));
		assertThat(lines.get(2).rejected().offset()).isEqualTo(14);
		assertThat(lines.get(2).rejected().excerpt()).startsWith("yyyy").endsWith("...");
		assertThat(lines.get(2).rejected().reason()).isEqualTo("longer than logagg.max-line-bytes");
	}

	@Test
	void mirrorsItsPositionInTheExecutionContext() throws IOException {
		write("a.log", "one\ntwo\n");
		LogFileItemReader reader = reader(FilePosition.BEGINNING, 100, 100, RewrittenFilePolicy.REREAD, "*.log", false);
		ExecutionContext context = new ExecutionContext();
		reader.open(context);
		reader.read();
		reader.update(context);
		assertThat(context.getString(LogFileItemReader.FILE_KEY)).isEqualTo("a.log");
		assertThat(context.getLong(LogFileItemReader.OFFSET_KEY)).isEqualTo(4);
		reader.close();
	}

}

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogFileItemReaderTest {

	/** Keeps each line's text as its "path"; lines starting with BAD are malformed. */
	private static final LineParser ECHO = (b, from, to) -> {
		String text = new String(b, from, to - from, StandardCharsets.UTF_8);
		return text.startsWith("BAD") ? null : new AccessLogEntry(200, 0, text, to - from);
	};

	@TempDir
	Path dir;

	private void write(String name, String content) throws IOException {
		Files.write(this.dir.resolve(name), content.getBytes(StandardCharsets.UTF_8));
	}

	private List<String> readAll(FilePosition start, int maxLineBytes, int bufferBytes) {
		LogFileItemReader reader = new LogFileItemReader(this.dir, "*.log", ECHO, maxLineBytes, bufferBytes, () -> start);
		reader.open(new ExecutionContext());
		List<String> lines = new ArrayList<>();
		for (ReadLine line = reader.read(); line != null; line = reader.read()) {
			lines.add((line.malformed() ? "<malformed>" : line.entry().path()) + " " + line.end());
		}
		assertThat(reader.read()).as("stays at the end").isNull();
		reader.close();
		return lines;
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
	void readsTheUnterminatedTailOfAFileThatIsNotTheLast() throws IOException {
		write("a.log", "one\ntail");
		write("b.log", "two\n");
		assertThat(readAll(FilePosition.BEGINNING)).containsExactly("one a.log@4", "tail a.log@8", "two b.log@4");
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
	void failsWhenTheCheckpointedFileIsShorterThanTheOffset() throws IOException {
		write("a.log", "one\n");
		assertThatThrownBy(() -> readAll(new FilePosition("a.log", 100))).isInstanceOf(ItemStreamException.class)
			.hasMessageContaining("a.log")
			.hasMessageContaining("shorter");
	}

	@Test
	void mirrorsItsPositionInTheExecutionContext() throws IOException {
		write("a.log", "one\ntwo\n");
		LogFileItemReader reader = new LogFileItemReader(this.dir, "*.log", ECHO, 100, 100, () -> FilePosition.BEGINNING);
		ExecutionContext context = new ExecutionContext();
		reader.open(context);
		reader.read();
		reader.update(context);
		assertThat(context.getString(LogFileItemReader.FILE_KEY)).isEqualTo("a.log");
		assertThat(context.getLong(LogFileItemReader.OFFSET_KEY)).isEqualTo(4);
		reader.close();
	}

}

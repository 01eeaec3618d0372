package io.logagg.read;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import io.logagg.parse.AccessLogEntry;
import io.logagg.parse.LineParser;
import io.logagg.read.LogFileItemReader.FileSelection;
import io.logagg.read.LogFileItemReader.LineLimits;
import io.logagg.support.EntryParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The reader under the file operations of logrotate, done by hand here (the real logrotate is in
 * {@code io.logagg.job.LogrotateTest}): each run reads to the end and stores what it read the way a
 * commit does, and every line must come out exactly once, whatever the names.
 */
class RotationReadingTest {

	/** Keeps each line's text as its "path". */
	private static final LineParser ECHO = EntryParser.of((b, from, to) -> new AccessLogEntry(200, 0,
			new String(b, from, to - from, StandardCharsets.UTF_8), to - from));

	@TempDir
	Path dir;

	private ReadState state = ReadState.NEW;

	private long now = 1_000_000_000L;

	private RewrittenFilePolicy policy = RewrittenFilePolicy.REREAD;

	private String pattern = "access.log*";

	/** The last run's plan warnings. */
	private List<String> warnings = List.of();

	private int lineNumber;

	/** A run: the lines it read, as text. Stores its records and checkpoint as a commit would. */
	private List<String> run() throws IOException {
		return run(() -> {
		});
	}

	/** A run that does {@code meanwhile} once its plan is made, before it reads a line. */
	private List<String> run(FileOperations meanwhile) throws IOException {
		LogFileItemReader reader = new LogFileItemReader(this.dir, new FileSelection(this.pattern, false), ECHO,
				new LineLimits(1000, 4096), new ReadPlanner(this.dir, this.policy, Duration.ofDays(7), () -> this.now),
				() -> this.state);
		reader.open(new ExecutionContext());
		this.warnings = reader.plan().warnings();
		meanwhile.run();
		List<String> lines = new ArrayList<>();
		for (ReadLine line = reader.read(); line != null; line = reader.read()) {
			lines.add(line.entry().path());
		}
		if (!lines.isEmpty()) {
			commit(reader.takeFilesUpdate(), reader.position());
		}
		reader.close();
		return lines;
	}

	/** File operations done while a run reads. */
	@FunctionalInterface
	private interface FileOperations {

		void run() throws IOException;

	}

	private void commit(FilesUpdate update, FilePosition end) {
		Map<String, FileRecord> records = new HashMap<>(this.state.records());
		update.records().forEach(r -> records.put(r.key(), new FileRecord(r.key(), r.name(), r.offset(), r.identity(),
				r.fileKey(), this.now, r.tail())));
		update.forgotten().forEach(records::remove);
		this.state = new ReadState(end, update.last().key(), records);
	}

	/** Appends new numbered lines to a file (the server's write), returning their text. */
	private List<String> append(String name, int count) throws IOException {
		List<String> lines = new ArrayList<>();
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < count; i++) {
			String line = "line " + (++this.lineNumber) + " " + "x".repeat(40);
			lines.add(line);
			text.append(line).append('\n');
		}
		Files.writeString(this.dir.resolve(name), text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		return lines;
	}

	/** As {@code mv} does: a file already there is replaced. */
	private void rename(String from, String to) throws IOException {
		Files.move(this.dir.resolve(from), this.dir.resolve(to), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
	}

	/** gzip FROM into FROM.gz, then delete FROM, as logrotate's compress does. */
	private void compress(String from) throws IOException {
		try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(this.dir.resolve(from + ".gz")))) {
			Files.copy(this.dir.resolve(from), out);
		}
		Files.delete(this.dir.resolve(from));
	}

	@Test
	void aRenamedFileIsReadOnFromItsOffsetIncludingLinesWrittenAfterTheRename() throws IOException {
		List<String> first = append("access.log", 30);
		assertThat(run()).isEqualTo(first);
		List<String> beforeRotation = append("access.log", 20);
		rename("access.log", "access.log.1");
		List<String> afterRename = append("access.log.1", 5);
		List<String> reopened = append("access.log", 7);

		List<String> expected = new ArrayList<>(beforeRotation);
		expected.addAll(afterRename);
		expected.addAll(reopened);
		assertThat(run()).isEqualTo(expected);
		assertThat(run()).isEmpty();
	}

	@Test
	void aFileCompressedLaterIsReadFromItsOffsetAndNotDecompressedOnceRead() throws IOException {
		append("access.log", 30);
		run();
		rename("access.log", "access.log.1");
		List<String> late = append("access.log.1", 4);
		append("access.log", 3);
		run();
		// Next rotation: .1 compressed to .2.gz, after more lines reached it (still in the window).
		rename("access.log.1", "access.log.2");
		List<String> later = append("access.log.2", 20_000);
		compress("access.log.2");
		rename("access.log", "access.log.1");
		List<String> live = append("access.log", 1);

		List<String> expected = new ArrayList<>(later);
		expected.addAll(live);
		assertThat(late).hasSize(4);
		assertThat(run()).isEqualTo(expected);
		assertThat(run()).isEmpty();
		// Read to its end: its trailer says so, and it is not decompressed again (a broken body proves it).
		breakBody("access.log.2.gz");
		assertThat(run()).isEmpty();
	}

	@Test
	void linesWrittenBeforeAnImmediateCompressionAreReadFromTheGzipAtTheOffset() throws IOException {
		append("access.log", 30);
		run();
		List<String> unread = append("access.log", 12);
		rename("access.log", "access.log.1");
		compress("access.log.1");
		List<String> live = append("access.log", 2);

		List<String> expected = new ArrayList<>(unread);
		expected.addAll(live);
		assertThat(run()).isEqualTo(expected);
		assertThat(run()).isEmpty();
	}

	@Test
	void aGzipFileTheCheckpointEndsInIsNotDecompressedByTheNextRun() throws IOException {
		append("access.log", 30);
		run();
		List<String> unread = append("access.log", 20_000);
		rename("access.log", "access.log.1");
		compress("access.log.1");
		assertThat(run()).isEqualTo(unread);
		assertThat(this.state.checkpoint().file()).isEqualTo("access.log.1.gz");
		breakBody("access.log.1.gz");
		assertThat(run()).isEmpty();
	}

	/**
	 * Zeroes a gzip file's compressed body past its first 4 KB, which hold its head, keeping the
	 * trailer: decompressing it any further fails.
	 */
	private void breakBody(String name) throws IOException {
		Path gz = this.dir.resolve(name);
		byte[] bytes = Files.readAllBytes(gz);
		assertThat(bytes.length).as("long enough to break past its head").isGreaterThan(8192);
		for (int i = 4096; i < bytes.length - 8; i++) {
			bytes[i] = 0;
		}
		Files.write(gz, bytes);
		try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(gz))) {
			assertThatThrownBy(() -> in.transferTo(OutputStream.nullOutputStream())).as("broken").isInstanceOf(IOException.class);
		}
	}

	@Test
	void copytruncateFinishesTheCopyFromTheOffsetAndReadsTheTruncatedFileFromZero() throws IOException {
		append("access.log", 30);
		run();
		List<String> unread = append("access.log", 6);
		Files.copy(this.dir.resolve("access.log"), this.dir.resolve("access.log.1"));
		try (var channel = Files.newByteChannel(this.dir.resolve("access.log"), StandardOpenOption.WRITE)) {
			channel.truncate(0);
		}
		List<String> live = append("access.log", 3);

		List<String> expected = new ArrayList<>(unread);
		expected.addAll(live);
		assertThat(run()).isEqualTo(expected);
		assertThat(run()).isEmpty();
	}

	@Test
	void severalRotationsBetweenTwoRunsAreReadOldestFirst() throws IOException {
		append("access.log", 10);
		run();
		List<String> expected = new ArrayList<>();
		for (int rotation = 0; rotation < 4; rotation++) {
			expected.addAll(append("access.log", 5));
			for (int n = 4; n >= 1; n--) {
				String from = "access.log." + n + (n > 1 ? ".gz" : "");
				if (Files.exists(this.dir.resolve(from))) {
					rename(from, "access.log." + (n + 1) + (n > 1 ? ".gz" : ""));
				}
			}
			if (Files.exists(this.dir.resolve("access.log.2"))) {
				compress("access.log.2");
			}
			rename("access.log", "access.log.1");
		}
		expected.addAll(append("access.log", 5));
		assertThat(run()).isEqualTo(expected);
		assertThat(run()).isEmpty();
	}

	@Test
	void aLiveFileShorterThanTheHeadIsReadAndKnownAsItGrows() throws IOException {
		List<String> one = append("access.log", 1);
		assertThat(run()).isEqualTo(one);
		List<String> more = append("access.log", 40);
		assertThat(run()).isEqualTo(more);
		rename("access.log", "access.log.1");
		List<String> after = append("access.log.1", 1);
		assertThat(run()).isEqualTo(after);
	}

	@Test
	void aPlainFileAndItsGzipCopyAreOneFileReadOnce() throws IOException {
		List<String> lines = append("access.log.2", 20);
		try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(this.dir.resolve("access.log.2.gz")))) {
			Files.copy(this.dir.resolve("access.log.2"), out);
		}
		assertThat(run()).isEqualTo(lines);
		Files.delete(this.dir.resolve("access.log.2"));
		assertThat(run()).isEmpty();
	}

	@Test
	void anUnterminatedLineIsLeftInTheNewestRotationWhichTheServerMayStillWrite() throws IOException {
		append("access.log", 3);
		run();
		rename("access.log", "access.log.1");
		Files.writeString(this.dir.resolve("access.log.1"), "half a li", StandardOpenOption.APPEND);
		List<String> live = append("access.log", 1);
		assertThat(run()).isEqualTo(live);
		Files.writeString(this.dir.resolve("access.log.1"), "ne\n", StandardOpenOption.APPEND);
		assertThat(run()).containsExactly("half a line");
	}

	@Test
	void aFileTruncatedInPlaceWithNoCopyIsReadAgainOrFailsAsConfigured() throws IOException {
		append("access.log", 30);
		run();
		Files.writeString(this.dir.resolve("access.log"), "");
		List<String> fresh = append("access.log", 2);
		this.policy = RewrittenFilePolicy.FAIL;
		assertThatThrownBy(this::run).isInstanceOf(ItemStreamException.class)
			.hasMessageContaining("access.log was truncated or replaced since the checkpoint at offset");
		this.policy = RewrittenFilePolicy.REREAD;
		assertThat(run()).isEqualTo(fresh);
	}

	@Test
	void recordsOfFilesGoneFromTheDirectoryAreForgottenAfterTheirTime() throws IOException {
		append("access.log", 5);
		run();
		rename("access.log", "access.log.1");
		append("access.log", 5);
		run();
		assertThat(this.state.records()).hasSize(2);
		Files.delete(this.dir.resolve("access.log.1"));
		append("access.log", 1);
		run();
		assertThat(this.state.records()).as("gone, but recently read").hasSize(2);
		this.now += Duration.ofDays(8).toMillis();
		append("access.log", 1);
		run();
		assertThat(this.state.records()).hasSize(1);
		assertThat(this.state.records().values().iterator().next().name()).isEqualTo("access.log");
	}

	@Test
	void aCheckpointWithoutFileRecordsGoesOnWithoutRereadingOrSkipping() throws IOException {
		// The layout before file records: names sorting before the checkpointed one were finished.
		append("access.log-20261127", 5);
		List<String> checkpointed = append("access.log-20261128", 10);
		FileIdentity identity = FileHead.of(Files.readAllBytes(this.dir.resolve("access.log-20261128")))
			.identity(Files.size(this.dir.resolve("access.log-20261128")));
		long offset = checkpointed.subList(0, 6).stream().mapToInt(line -> line.length() + 1).sum();
		this.state = ReadState.ofCheckpoint(new FilePosition("access.log-20261128", offset, identity));
		List<String> live = append("access.log", 2);

		List<String> expected = new ArrayList<>(checkpointed.subList(6, 10));
		expected.addAll(live);
		assertThat(run()).isEqualTo(expected);
		assertThat(this.state.records()).hasSize(3);
		assertThat(run()).isEmpty();
	}

	/** Debian's scheme rotates while a run reads the backlog: every file is read as the file it was planned as. */
	@Test
	void aRotationWhileARunReadsLosesAndRepeatsNothing() throws IOException {
		List<String> expected = new ArrayList<>(append("access.log.2", 3000));
		compress("access.log.2");
		expected.addAll(append("access.log.1", 100));
		expected.addAll(append("access.log", 100));

		List<String> read = run(() -> {
			rename("access.log.2.gz", "access.log.3.gz");
			rename("access.log.1", "access.log.2");
			compress("access.log.2");
			rename("access.log", "access.log.1");
		});
		List<String> fresh = append("access.log", 50);

		assertThat(read).isEqualTo(expected);
		assertThat(run()).isEqualTo(fresh);
		assertThat(run()).isEmpty();
	}

	@Test
	void logrotatesExtensionOptionNamesRotationsOfTheSameLog() throws IOException {
		this.pattern = "access*.log*";
		append("access.log", 30);
		run();
		List<String> expected = new ArrayList<>(append("access.log", 10));
		rename("access.log", "access.1.log");
		expected.addAll(append("access.1.log", 2));
		expected.addAll(append("access.log", 5));
		assertThat(run()).isEqualTo(expected);
		rename("access.1.log", "access.2.log");
		compress("access.2.log");
		rename("access.log", "access.1.log");
		List<String> fresh = append("access.log", 4);
		assertThat(run()).isEqualTo(fresh);
	}

	/** Names no rule knows (a hand rotation to another log's name): the head says which file it is. */
	@Test
	void aFileRenamedToANameOfAnotherLogIsKnownByItsHead() throws IOException {
		append("access.log", 30);
		run();
		List<String> expected = new ArrayList<>(append("access.log", 10));
		rename("access.log", "access.log.rotated-by-hand");
		expected.addAll(append("access.log.rotated-by-hand", 3));
		expected.addAll(append("access.log", 5));
		// Its name sorts after the live log's: order is by names, the count is by heads.
		assertThat(run()).containsExactlyInAnyOrderElementsOf(expected).hasSameSizeAs(expected);
		assertThat(run()).isEmpty();
	}

	@Test
	void aBackupCopyIsCountedOnceAndSaidOnce() throws IOException {
		append("access.log", 30);
		run();
		Files.copy(this.dir.resolve("access.log"), this.dir.resolve("access.log.bak"));
		Files.copy(this.dir.resolve("access.log"), this.dir.resolve("access.log.copy-for-support"));
		// Copied after the run before read the file, and before this one does.
		for (String copy : List.of("access.log.bak", "access.log.copy-for-support")) {
			Files.setLastModifiedTime(this.dir.resolve(copy), java.nio.file.attribute.FileTime.fromMillis(this.now + 1000));
		}
		this.now += 2000;
		List<String> more = append("access.log", 2);
		assertThat(run()).isEqualTo(more);
		assertThat(this.warnings).anySatisfy(w -> assertThat(w).contains("access.log.bak", "a copy of it, counted once"))
			.anySatisfy(w -> assertThat(w).contains("access.log.copy-for-support", "a copy of it, counted once"));
		this.now += 2000;
		assertThat(run()).isEmpty();
		assertThat(this.warnings).as("said once").isEmpty();
	}

	/** A monitor probing two virtual hosts writes the same first lines to both logs. */
	@Test
	void twoLogsThatBeginAlikeStayTwoLogs() throws IOException {
		this.pattern = "*.access.log";
		String probes = String.join("\n", lines(30)) + "\n";
		Files.writeString(this.dir.resolve("site-a.access.log"), probes);
		Files.writeString(this.dir.resolve("site-b.access.log"), probes);
		List<String> expected = new ArrayList<>(java.util.Arrays.asList(probes.split("\n")));
		expected.addAll(java.util.Arrays.asList(probes.split("\n")));
		expected.addAll(append("site-a.access.log", 3));
		expected.addAll(append("site-b.access.log", 5));
		assertThat(run()).containsExactlyInAnyOrderElementsOf(expected);
		List<String> more = new ArrayList<>(append("site-b.access.log", 2));
		more.addAll(append("site-a.access.log", 4));
		assertThat(run()).containsExactlyInAnyOrderElementsOf(more);
	}

	@Test
	void aBackupCopyMadeBeforeTheFirstRunIsCountedOnce() throws IOException {
		List<String> lines = append("access.log", 30);
		Files.copy(this.dir.resolve("access.log"), this.dir.resolve("access.log.orig"));
		assertThat(run()).isEqualTo(lines);
		assertThat(run()).isEmpty();
	}

	/**
	 * copytruncate with a writer that does not append: it keeps its offset, so the live file starts
	 * with a hole of NUL bytes that is neither a line nor an identity.
	 */
	@Test
	void aWriterThatDoesNotAppendLeavesNulBytesThatAreNeitherALineNorAnIdentity() throws IOException {
		List<String> expected = new ArrayList<>();
		try (var writer = java.nio.channels.FileChannel.open(this.dir.resolve("access.log"), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE)) {
			for (int rotation = 0; rotation < 4; rotation++) {
				List<String> lines = lines(40);
				writer.write(java.nio.ByteBuffer.wrap((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)));
				expected.addAll(lines);
				if (rotation == 1) {
					assertThat(run()).isEqualTo(expected);
					expected.clear();
				}
				// copytruncate: copy, older copies shifted, then truncate; the writer's offset stays.
				for (int n = 3; n >= 1; n--) {
					if (Files.exists(this.dir.resolve("access.log." + n))) {
						rename("access.log." + n, "access.log." + (n + 1));
					}
				}
				Files.copy(this.dir.resolve("access.log"), this.dir.resolve("access.log.1"));
				writer.truncate(0);
			}
			List<String> last = lines(5);
			writer.write(java.nio.ByteBuffer.wrap((String.join("\n", last) + "\n").getBytes(StandardCharsets.UTF_8)));
			expected.addAll(last);
		}
		assertThat(run()).containsExactlyInAnyOrderElementsOf(expected).hasSameSizeAs(expected);
		assertThat(run()).isEmpty();
	}

	/** New numbered lines, not yet written anywhere. */
	private List<String> lines(int count) {
		List<String> lines = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			lines.add("line " + (++this.lineNumber) + " " + "x".repeat(40));
		}
		return lines;
	}

	/** {@code head -n 25 access.log > t; mv t access.log}: the same head, less than was read. */
	@Test
	void aFileReplacedByAShorterOneWithTheSameHeadIsRewritten() throws IOException {
		List<String> all = append("access.log", 30);
		run();
		replace("access.log", all.subList(0, 25));
		assertThat(run()).isEqualTo(all.subList(0, 25));
		assertThat(this.warnings).anySatisfy(w -> assertThat(w).contains("access.log was truncated or replaced"));
		List<String> appended = append("access.log", 5);
		assertThat(run()).isEqualTo(appended);
	}

	@Test
	void aFileReplacedAndGrownPastTheOldOffsetBetweenTwoRunsIsNeverResumedMidLine() throws IOException {
		List<String> all = append("access.log", 30);
		run();
		replace("access.log", all.subList(0, 25));
		List<String> expected = new ArrayList<>(all.subList(0, 25));
		expected.addAll(append("access.log", 12));
		assertThat(run()).isEqualTo(expected);
		assertThat(this.warnings).anySatisfy(w -> assertThat(w).contains("access.log was truncated or replaced"));
	}

	@Test
	void aFileReplacedByOneShorterThanAHeadIsRewritten() throws IOException {
		List<String> all = append("access.log", 30);
		run();
		replace("access.log", all.subList(0, 3));
		assertThat(run()).isEqualTo(all.subList(0, 3));
		assertThat(this.warnings).anySatisfy(w -> assertThat(w).contains("access.log was truncated or replaced"));
	}

	/** Writes the lines to a new file and renames it to {@code name}, as {@code sed -i} does. */
	private void replace(String name, List<String> lines) throws IOException {
		Files.writeString(this.dir.resolve("replacement.tmp"), String.join("\n", lines) + "\n");
		rename("replacement.tmp", name);
	}

	@Test
	void anUnterminatedLineOfALiveLogIsHeldThoughAnotherLogIsReadAfterIt() throws IOException {
		this.pattern = "*.access.log";
		append("site-a.access.log", 2);
		Files.writeString(this.dir.resolve("site-a.access.log"), "half a li", StandardOpenOption.APPEND);
		append("site-b.access.log", 2);
		assertThat(run()).hasSize(4).doesNotContain("half a li");
		Files.writeString(this.dir.resolve("site-a.access.log"), "ne\n", StandardOpenOption.APPEND);
		assertThat(run()).containsExactly("half a line");
	}

	@Test
	void aGzipCaughtBeforeItsHeadDecompressesIsACopyOfItsPlainOriginal() throws IOException {
		append("access.log.1", 30);
		run();
		byte[] whole;
		try (var bytes = new java.io.ByteArrayOutputStream(); OutputStream out = new GZIPOutputStream(bytes)) {
			Files.copy(this.dir.resolve("access.log.1"), out);
			out.close();
			whole = bytes.toByteArray();
		}
		// Cut inside the deflate stream: fewer than 1024 bytes decompress so far.
		Files.write(this.dir.resolve("access.log.2.gz"), java.util.Arrays.copyOf(whole, 40));
		assertThat(run()).isEmpty();
	}

	/** The warning for a checkpointed file nowhere to be found says what is known, and advises a pattern only when it misses rotations. */
	@Test
	void aGoneFileIsWarnedAboutWithWhatIsKnown() throws IOException {
		append("access.log", 30);
		run();
		rename("access.log", "access.log.1");
		rename("access.log.1", "access.log.1.xz");
		append("access.log", 2);
		run();
		assertThat(this.warnings).anySatisfy(w -> assertThat(w).contains("access.log.1.xz", "logagg reads gzip only"))
			.anySatisfy(w -> assertThat(w).contains("was rotated and compressed with .xz").doesNotContain("--pattern"))
			.noneSatisfy(w -> assertThat(w).contains("truncated or replaced"));

		append("access.log", 30);
		run();
		try (var channel = Files.newByteChannel(this.dir.resolve("access.log"), StandardOpenOption.WRITE)) {
			channel.truncate(0);
		}
		run();
		assertThat(this.warnings).anySatisfy(w -> assertThat(w).contains("was emptied in place").doesNotContain("--pattern"));

		Files.delete(this.dir.resolve("access.log.1.xz"));
		append("access.log", 30);
		run();
		Files.move(this.dir.resolve("access.log"), this.dir.resolveSibling(this.dir.getFileName() + "-olddir"));
		run();
		assertThat(this.warnings).anySatisfy(w -> assertThat(w).contains("is gone", "olddir").doesNotContain("--pattern"));
	}

	@Test
	void dataNamedGzipThatIsNotIsSkippedWithAWarning() throws IOException {
		Files.write(this.dir.resolve("access.log.2.gz"), "BZh91AY&SY not gzip".getBytes(StandardCharsets.ISO_8859_1));
		List<String> live = append("access.log", 2);
		assertThat(run()).isEqualTo(live);
		assertThat(this.warnings).anySatisfy(w -> assertThat(w).contains("access.log.2.gz", "not gzip data", "bzip2"));
	}

	/**
	 * A seeded random sequence of writes through the server's open file (appending, or at its own
	 * offset as a redirected program writes), numbered rotations with delaycompress, copytruncate,
	 * hand rotations to {@code .old} and to names no rule knows, backup copies, reopens, runs, and
	 * runs during which logrotate renames and compresses: after every run each line written has been
	 * read exactly once. The seed is in the failure message.
	 */
	@Test
	void aRandomSequenceOfRenamesCopiesAndRunsReadsEveryLineOnce() throws IOException {
		for (long seed = 1; seed <= 200; seed++) {
			randomSequence(seed);
		}
	}

	private void randomSequence(long seed) throws IOException {
		for (Path file : Files.list(this.dir).toList()) {
			Files.delete(file);
		}
		this.state = ReadState.NEW;
		java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
		List<String> history = new ArrayList<>();
		List<String> written = new ArrayList<>();
		List<String> read = new ArrayList<>();
		// Half the sequences with a writer that does not append, whose copytruncate leaves holes.
		Writer server = new Writer(this.dir.resolve("access.log"), seed % 2 == 0);
		int handRotations = 0;
		try {
			for (int step = 0; step < 40; step++) {
				int action = random.nextInt(12);
				if (action < 4) {
					int count = random.nextInt(1, 30);
					written.addAll(server.write(lines(count)));
					history.add("write " + count);
				}
				else if (action == 11) {
					copytruncate();
					history.add("copytruncate");
				}
				else if (action < 6) {
					rotateNumbered();
					history.add("rotate");
					if (random.nextBoolean()) {
						server.reopen();
						history.add("reopen");
					}
				}
				else if (action == 6 && Files.exists(this.dir.resolve("access.log"))) {
					// A name no rule knows needs a whole head to be recognised; .old is the log's own.
					boolean unknownName = Files.size(this.dir.resolve("access.log")) >= FileIdentity.HEAD_BYTES
							&& Files.exists(this.dir.resolve("access.log.old"));
					String to = unknownName ? "access.log.previous-" + (++handRotations) : "access.log.old";
					if (Files.exists(this.dir.resolve(to))) {
						continue;
					}
					rename("access.log", to);
					history.add("mv access.log " + to);
				}
				else if (action == 7 && Files.exists(this.dir.resolve("access.log"))
						&& Files.size(this.dir.resolve("access.log")) >= FileIdentity.HEAD_BYTES) {
					// A copy of a file shorter than a head, whose original is then renamed to a name
					// no rule knows, cannot be told from a new file (docs/rotation.md).
					Files.copy(this.dir.resolve("access.log"), this.dir.resolve("access.log.bak"),
							java.nio.file.StandardCopyOption.REPLACE_EXISTING);
					history.add("cp access.log access.log.bak");
				}
				else if (action == 8) {
					history.add("run, rotating meanwhile");
					read.addAll(run(this::rotateNumbered));
					server.reopen();
				}
				else {
					server.reopen();
					history.add("reopen, run");
					read.addAll(run());
					assertThat(read).as("seed %d, after %s", seed, history).containsExactlyInAnyOrderElementsOf(written);
				}
			}
			server.reopen();
			read.addAll(run());
			assertThat(read).as("seed %d, after %s", seed, history).containsExactlyInAnyOrderElementsOf(written);
		}
		finally {
			server.close();
		}
	}

	/** logrotate's numbered scheme with compress and delaycompress: .N.gz up, .1 to .2.gz, the live file to .1. */
	private void rotateNumbered() throws IOException {
		if (shiftRotations()) {
			rename("access.log", "access.log.1");
		}
	}

	/** logrotate's copytruncate: rotations shifted as {@link #rotateNumbered()} does, the live file copied, then emptied. */
	private void copytruncate() throws IOException {
		if (shiftRotations()) {
			Files.copy(this.dir.resolve("access.log"), this.dir.resolve("access.log.1"));
			try (var channel = Files.newByteChannel(this.dir.resolve("access.log"), StandardOpenOption.WRITE)) {
				channel.truncate(0);
			}
		}
	}

	/** Makes way for a new {@code access.log.1}; false if there is no live file to rotate. */
	private boolean shiftRotations() throws IOException {
		if (!Files.exists(this.dir.resolve("access.log"))) {
			return false;
		}
		for (int n = 30; n >= 2; n--) {
			if (Files.exists(this.dir.resolve("access.log." + n + ".gz"))) {
				rename("access.log." + n + ".gz", "access.log." + (n + 1) + ".gz");
			}
		}
		if (Files.exists(this.dir.resolve("access.log.1"))) {
			rename("access.log.1", "access.log.2");
			compress("access.log.2");
		}
		return true;
	}

	/** A server's side: lines through the file it has open, which renames do not change. */
	private static final class Writer implements AutoCloseable {

		private final Path log;

		/** Whether it appends ({@code O_APPEND}) or writes at its own offset, as a redirected program does. */
		private final boolean appending;

		private java.nio.channels.FileChannel out;

		Writer(Path log, boolean appending) throws IOException {
			this.log = log;
			this.appending = appending;
			reopen();
		}

		List<String> write(List<String> lines) throws IOException {
			java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
			while (bytes.hasRemaining()) {
				this.out.write(bytes);
			}
			return lines;
		}

		void reopen() throws IOException {
			close();
			this.out = this.appending
					? java.nio.channels.FileChannel.open(this.log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
					: java.nio.channels.FileChannel.open(this.log, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			if (!this.appending) {
				this.out.position(this.out.size());
			}
		}

		@Override
		public void close() throws IOException {
			if (this.out != null) {
				this.out.close();
			}
		}

	}

}

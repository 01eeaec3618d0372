package io.logagg.read;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.logagg.parse.AccessLogEntry;
import io.logagg.parse.ByteSearch;
import io.logagg.parse.Escapes;
import io.logagg.parse.LineParser;
import io.logagg.parse.LogField;
import io.logagg.parse.ParsedLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.util.Assert;

/**
 * Reads the lines of the input files as {@link ReadLine}s, each file from where the last run left
 * it, with a seek, never a re-read (in a {@code .gz} file, by decompressing and discarding what
 * comes before it). Which files, from where and in what order is the {@link ReadPlanner}'s work: a
 * file is known by its first bytes, not its name, so log rotation neither loses nor repeats a line.
 *
 * <p>Byte rules, which make every position exact: {@code \n} ends a line and is counted in the
 * offset; one {@code \r} before it is dropped; empty lines are skipped; a line longer than
 * {@code maxLineBytes} is returned as malformed without being held in memory. An unterminated
 * last line is not consumed in a file that may still be written ({@link PlannedFile#holdsTail()}),
 * nor in a gzip stream cut short (being compressed right now); elsewhere it is a complete line,
 * since the writer has moved on.
 *
 * <p>The start comes from Redis (the source of truth), not from the {@link ExecutionContext}:
 * {@link #update} only mirrors the position for visibility. What each chunk must store of the
 * files it read from comes from {@link #takeFilesUpdate()}. Not thread-safe: one reader per step
 * execution.
 */
public class LogFileItemReader implements ItemStreamReader<ReadLine> {

	/** Execution-context key mirroring the file of the last line read. */
	public static final String FILE_KEY = "LogFileItemReader.file";

	/** Execution-context key mirroring the offset after the last line read. */
	public static final String OFFSET_KEY = "LogFileItemReader.offset";

	/** Execution-context key counting the files this execution opened. */
	public static final String FILES_OPENED_KEY = "LogFileItemReader.filesOpened";

	private static final Logger logger = LoggerFactory.getLogger(LogFileItemReader.class);

	private final Path directory;

	private final String glob;

	private final boolean recursive;

	private final Path skipped;

	private final LineParser parser;

	private final int maxLineBytes;

	private final ReadPlanner planner;

	private final Supplier<ReadState> start;

	private final byte[] buffer;

	private List<PlannedFile> files = List.of();

	private int fileIndex = -1;

	private LineInput input;

	/** File offset of {@code buffer[0]}. */
	private long bufferOffset;

	/** Index in the buffer of the first byte not yet returned as part of a line. */
	private int lineStart;

	/** Index in the buffer where the search for the next {@code \n} goes on. */
	private int scanFrom;

	/** Number of valid bytes in the buffer. */
	private int limit;

	/** The start of an over-long line being discarded, or null. */
	private RejectedLine skipping;

	/** Where the last line returned ends: {@link #position()}, kept in fields, not an object per line. */
	private String lastFile;

	private long lastOffset;

	private FileIdentity lastIdentity;

	/** The file of the last line returned; null before the first. */
	private PlannedFile lastPlanned;

	/** Records of files read from since the last {@link #takeFilesUpdate()}, by key. */
	private final Map<String, FileRecord> unsaved = new LinkedHashMap<>();

	private List<String> forgotten = List.of();

	/** {@link #read()} collects a line's parts here. */
	private final Collected collected = new Collected();

	/** The times a line may be of (from 1990 to two days after the run, for a job). */
	private final CountedTimes times;

	/** The fields of the line being handed on: one flyweight, reused for every line. */
	private final ParsedLine parsed = new ParsedLine();

	private volatile int filesOpened;

	private ReadPlan plan;

	/** The planned files, open since they were identified. */
	private final OpenFiles openFiles = new OpenFiles(OpenFiles.DEFAULT_LIMIT);

	/**
	 * A reader resuming from a bare checkpoint (the layout before file records), whose truncated
	 * files are dealt with by {@code rewrittenFilePolicy}.
	 */
	public LogFileItemReader(Path directory, FileSelection files, LineParser parser, LineLimits limits,
			RewrittenFilePolicy rewrittenFilePolicy, Supplier<FilePosition> start) {
		this(directory, files, parser, limits,
				new ReadPlanner(directory, rewrittenFilePolicy, Duration.ofDays(7), System::currentTimeMillis),
				() -> ReadState.ofCheckpoint(start.get()));
	}

	/**
	 * @param directory the input directory
	 * @param files which files to read
	 * @param parser turns a line's bytes into an entry
	 * @param limits line and buffer sizes
	 * @param planner works out what to read from where
	 * @param start supplies where the source stands when the reader is opened
	 */
	public LogFileItemReader(Path directory, FileSelection files, LineParser parser, LineLimits limits,
			ReadPlanner planner, Supplier<ReadState> start) {
		Assert.notNull(directory, "directory must not be null");
		Assert.notNull(files, "files must not be null");
		Assert.notNull(parser, "parser must not be null");
		Assert.notNull(planner, "planner must not be null");
		Assert.notNull(start, "start must not be null");
		this.directory = directory;
		this.glob = files.glob();
		this.recursive = files.recursive();
		this.skipped = files.skipped();
		this.parser = parser;
		this.maxLineBytes = limits.maxLineBytes();
		this.times = limits.times();
		this.buffer = new byte[Math.max(limits.bufferBytes(), limits.maxLineBytes() + 2)];
		this.planner = planner;
		this.start = start;
	}

	/**
	 * Which files of the input directory are read.
	 *
	 * @param glob pattern for file names
	 * @param recursive whether subdirectories are read too
	 * @param skipped a directory never read, or null: logagg's data directory
	 */
	public record FileSelection(String glob, boolean recursive, Path skipped) {

		public FileSelection {
			Assert.hasText(glob, "glob must not be empty");
		}

		/** Files matching the glob, in subdirectories too when recursive. */
		public FileSelection(String glob, boolean recursive) {
			this(glob, recursive, null);
		}

	}

	/**
	 * @param maxLineBytes longest line parsed (terminator excluded)
	 * @param bufferBytes read buffer size, raised to fit a line of {@code maxLineBytes}
	 * @param times the times a line may be of; a line of another is malformed
	 */
	public record LineLimits(int maxLineBytes, int bufferBytes, CountedTimes times) {

		/** Limits that count lines of any time. */
		public LineLimits(int maxLineBytes, int bufferBytes) {
			this(maxLineBytes, bufferBytes, CountedTimes.ANY);
		}

	}

	/** What this reader has to read; known once it is open. */
	public ReadPlan plan() {
		return this.plan;
	}

	/** Files opened so far; safe to read from another thread. */
	public int filesOpened() {
		return this.filesOpened;
	}

	/** The fields its lines yield: its format's. */
	public Set<LogField> fields() {
		return this.parser.fields();
	}

	/** The files this reader reads, in order; known once it is open. */
	public List<String> files() {
		return this.files.stream().map(PlannedFile::name).toList();
	}

	@Override
	public void open(ExecutionContext executionContext) throws ItemStreamException {
		InputFiles.Listing names;
		try {
			names = InputFiles.listing(this.directory, this.glob, this.recursive, this.skipped);
		}
		catch (IOException ex) {
			throw new ItemStreamException("Could not list input directory " + this.directory + ": " + ex, ex);
		}
		ReadState state = this.start.get();
		this.openFiles.close();
		this.plan = this.planner.plan(names, state, this.openFiles);
		this.files = this.plan.files();
		FilePosition from = state.checkpoint();
		moveTo(from.file(), from.offset(), from.identity());
		for (FileRecord record : this.plan.imported()) {
			this.unsaved.put(record.key(), record);
		}
		this.forgotten = this.plan.forgotten();
		this.fileIndex = -1;
	}

	/**
	 * What the chunk ending at {@link #position()} must store of the files it read from: their
	 * records, the file it ends in last; on the first call, also what the plan imported and forgot.
	 */
	public FilesUpdate takeFilesUpdate() {
		if (this.lastPlanned != null) {
			FileRecord ended = this.unsaved.remove(this.lastPlanned.recordKey());
			boolean reading = this.input != null && this.files.get(this.fileIndex) == this.lastPlanned;
			long tail = reading ? tailAt(this.lastOffset) : (ended != null) ? ended.tail() : FileRecord.NO_TAIL;
			this.unsaved.put(this.lastPlanned.recordKey(), this.lastPlanned.record(this.lastOffset, tail));
		}
		FilesUpdate update = new FilesUpdate(List.copyOf(this.unsaved.values()), this.forgotten);
		this.unsaved.clear();
		this.forgotten = List.of();
		return update;
	}

	/**
	 * The next line as a {@link ReadLine}: the {@link org.springframework.batch.infrastructure.item.ItemReader}
	 * contract. A line at a time, a million times a second, {@link #readInto} is the one to use.
	 */
	@Override
	public ReadLine read() {
		this.collected.reset();
		if (!readInto(this.collected)) {
			return null;
		}
		return new ReadLine(position(), this.collected.entry, this.collected.rejected);
	}

	/**
	 * Reads the next line and hands it to {@code into}; {@link #position()} is then the end of it.
	 * @return false, having called nothing, at the end of the input
	 */
	public boolean readInto(LineConsumer into) {
		while (true) {
			if (this.input == null && !openNextFile()) {
				return false;
			}
			if (this.lineStart < this.limit && this.buffer[this.lineStart] == 0 && this.skipping == null) {
				skipNulBytes();
			}
			int newline = indexOfNewline();
			if (newline >= 0) {
				if (lineEndingAt(newline, into)) {
					return true;
				}
				continue;
			}
			if (this.skipping == null && this.limit - this.lineStart > this.maxLineBytes + 1) {
				// Longer than any line we parse, even with a \r still to be dropped: stop keeping it.
				this.skipping = RejectedLine.of(this.bufferOffset + this.lineStart, this.buffer, this.lineStart, this.limit,
						true);
			}
			if (this.skipping != null) {
				this.lineStart = this.limit;
			}
			if (fill()) {
				continue;
			}
			if (endOfFile(into)) {
				return true;
			}
		}
	}

	/**
	 * The position after the last line read: the byte offset of the next one, in the file it is
	 * in. Before the first line, where the reader was opened.
	 */
	public FilePosition position() {
		return new FilePosition(this.lastFile, this.lastOffset, this.lastIdentity);
	}

	/** Hands on the line ending at {@code newline}; false if it was empty, and skipped. */
	private boolean lineEndingAt(int newline, LineConsumer into) {
		int from = this.lineStart;
		int to = (newline > from && this.buffer[newline - 1] == '\r') ? newline - 1 : newline;
		this.lineStart = newline + 1;
		this.scanFrom = this.lineStart;
		if (this.skipping != null) {
			RejectedLine rejected = this.skipping;
			this.skipping = null;
			moveTo(this.bufferOffset + this.lineStart);
			into.malformed(this.lastFile, rejected);
			return true;
		}
		if (to == from) {
			return false;
		}
		moveTo(this.bufferOffset + this.lineStart);
		line(from, to, into);
		return true;
	}

	private void line(int from, int to, LineConsumer into) {
		if (to - from > this.maxLineBytes) {
			into.malformed(this.lastFile,
					RejectedLine.of(this.bufferOffset + from, this.buffer, from, to).because("longer than logagg.max-line-bytes"));
		}
		else if (this.parser.parse(this.buffer, from, to, this.parsed)) {
			if (this.times.contains(this.parsed.epochMinute())) {
				unescapePath();
				into.line(this.parsed);
			}
			else {
				into.malformed(this.lastFile, RejectedLine.of(this.bufferOffset + from, this.buffer, from, to)
					.because(CountedTimes.outside(this.parsed.epochMinute())));
			}
		}
		else if (this.parser.directive(this.buffer, from, to)) {
			// The format's own line (W3C's #Fields:): taken in by the format, not a request.
		}
		else {
			// The slow path, for malformed lines only: the format says which field failed.
			into.malformed(this.lastFile, RejectedLine.of(this.bufferOffset + from, this.buffer, from, to)
				.because(this.parser.explain(this.buffer, from, to)));
		}
	}

	/**
	 * One request logged by nginx ({@code \x22}), Apache ({@code \"}) or Caddy's JSON is one path:
	 * its escapes are undone in the buffer, where the line, handed on, is read no more.
	 */
	private void unescapePath() {
		int from = this.parsed.from(LogField.PATH);
		if (from >= 0) {
			int to = this.parsed.to(LogField.PATH);
			if (ByteSearch.indexOf(this.buffer, from, to, (byte) '\\') >= 0) {
				this.parsed.range(LogField.PATH, from, Escapes.decodeInPlace(this.buffer, from, to));
			}
		}
	}

	/** At the end of a file: hands on the unterminated tail of a finished file; false if none. */
	private boolean endOfFile(LineConsumer into) {
		PlannedFile file = this.files.get(this.fileIndex);
		boolean tail = !file.holdsTail() && this.input.endedCleanly() && (this.skipping != null || this.limit > this.lineStart);
		if (tail) {
			moveTo(this.bufferOffset + this.limit);
			if (this.skipping != null) {
				into.malformed(this.lastFile, this.skipping);
			}
			else {
				line(this.lineStart, this.limit, into);
			}
		}
		long readTo = (this.lastPlanned == file) ? tailAt(this.lastOffset) : FileRecord.NO_TAIL;
		closeInput();
		if (this.lastPlanned == file) {
			this.unsaved.put(file.recordKey(), file.record(this.lastOffset, readTo));
		}
		return tail;
	}

	/** The {@link FileRecord#tail} of the file being read at {@code offset}. */
	private long tailAt(long offset) {
		try {
			return this.input.tailAt(offset);
		}
		catch (IOException ex) {
			return FileRecord.NO_TAIL;
		}
	}

	/** The last line read ends at {@code offset} of the current file. */
	private void moveTo(long offset) {
		PlannedFile file = this.files.get(this.fileIndex);
		this.lastPlanned = file;
		moveTo(file.name(), offset, file.identity());
	}

	private void moveTo(String file, long offset, FileIdentity identity) {
		this.lastFile = file;
		this.lastOffset = offset;
		this.lastIdentity = identity;
	}

	/**
	 * A run of NUL bytes before a line is not part of it: a writer that does not append keeps its
	 * offset after copytruncate emptied its file, leaving a hole before its next line.
	 */
	private void skipNulBytes() {
		while (this.lineStart < this.limit && this.buffer[this.lineStart] == 0) {
			this.lineStart++;
		}
		this.scanFrom = Math.max(this.scanFrom, this.lineStart);
	}

	private int indexOfNewline() {
		int newline = ByteSearch.indexOf(this.buffer, this.scanFrom, this.limit, (byte) '\n');
		if (newline < 0) {
			this.scanFrom = this.limit;
		}
		return newline;
	}

	/** Moves the unread part to the front of the buffer and reads more; false at end of file. */
	private boolean fill() {
		int keep = this.limit - this.lineStart;
		if (this.lineStart > 0) {
			System.arraycopy(this.buffer, this.lineStart, this.buffer, 0, keep);
			this.bufferOffset += this.lineStart;
			this.scanFrom -= this.lineStart;
			this.limit = keep;
			this.lineStart = 0;
		}
		try {
			int n = this.input.read(this.buffer, this.limit, this.buffer.length - this.limit);
			if (n <= 0) {
				return false;
			}
			this.limit += n;
			return true;
		}
		catch (IOException ex) {
			throw new ItemStreamException("Could not read " + this.directory.resolve(this.files.get(this.fileIndex).name())
					+ " at offset " + (this.bufferOffset + this.limit) + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Opens the next planned file at its start offset, passing over one whose content is now
	 * shorter than that (changed since it was planned; the next run plans it again).
	 * @return false past the last file
	 */
	private boolean openNextFile() {
		while (this.fileIndex + 1 < this.files.size()) {
			this.fileIndex++;
			PlannedFile planned = this.files.get(this.fileIndex);
			Path file = this.directory.resolve(planned.name());
			if (planned.unreadable() != null) {
				throw new ItemStreamException(planned.unreadable());
			}
			FileChannel channel = this.openFiles.take(planned.name());
			try {
				if (channel == null) {
					channel = FileChannel.open(file, StandardOpenOption.READ);
					if (!FileHead.read(channel, planned.gzip()).startsWith(planned.identity())) {
						channel.close();
						logger.warn("{} is another file than when this run began (renamed by a rotation meanwhile?): "
								+ "the next run reads it", PrintableName.of(file.toString()));
						continue;
					}
				}
				this.parser.startFile();
				if (planned.start() > 0 && this.parser.readsDirectives()) {
					Directives.replay(channel, planned.gzip(), planned.start(), this.parser);
				}
				LineInput opened = LineInput.open(channel, planned.gzip(), planned.start());
				if (opened == null) {
					channel.close();
					logger.debug("{} holds less than offset {} now; passed over", file, planned.start());
					continue;
				}
				this.input = opened;
			}
			catch (IOException ex) {
				closeQuietly(channel);
				throw new ItemStreamException("Could not open " + file + ": " + reason(ex), ex);
			}
			this.filesOpened = this.filesOpened + 1;
			this.bufferOffset = planned.start();
			this.lineStart = 0;
			this.scanFrom = 0;
			this.limit = 0;
			this.skipping = null;
			return true;
		}
		this.fileIndex = this.files.size();
		return false;
	}

	@Override
	public void update(ExecutionContext executionContext) {
		executionContext.putString(FILE_KEY, this.lastFile);
		executionContext.putLong(OFFSET_KEY, this.lastOffset);
		executionContext.putInt(FILES_OPENED_KEY, this.filesOpened);
	}

	@Override
	public void close() {
		closeInput();
		this.openFiles.close();
	}

	private void closeInput() {
		if (this.input != null) {
			try {
				this.input.close();
			}
			catch (IOException ex) {
				logger.debug("could not close {}", this.files.get(this.fileIndex).name(), ex);
			}
			finally {
				this.input = null;
			}
		}
	}

	/** An I/O failure in an operator's words: the JDK's own message is often the path alone. */
	static String reason(IOException ex) {
		if (ex instanceof AccessDeniedException) {
			return "permission denied";
		}
		if (ex instanceof NoSuchFileException) {
			return "no such file (moved or deleted)";
		}
		return ex.getMessage();
	}

	private static void closeQuietly(FileChannel channel) {
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException ex) {
				// already failing; the first error is the one reported
			}
		}
	}

	/** One line's parts, for {@link #read()}. */
	private static final class Collected implements LineConsumer {

		private AccessLogEntry entry;

		private RejectedLine rejected;

		void reset() {
			this.entry = null;
			this.rejected = null;
		}

		@Override
		public void line(ParsedLine line) {
			this.entry = AccessLogEntry.of(line);
		}

		@Override
		public void malformed(String file, RejectedLine rejected) {
			this.rejected = rejected;
		}

	}

}

package io.logagg.read;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Supplier;

import io.logagg.parse.AccessLogEntry;
import io.logagg.parse.ByteSearch;
import io.logagg.parse.LineParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.util.Assert;

/**
 * Reads the lines of the sorted input files as {@link ReadLine}s, starting at a stored
 * {@link FilePosition} with a seek, never a re-read (in a {@code .gz} file, by decompressing and
 * discarding what comes before it).
 *
 * <p>Byte rules, which make every position exact: {@code \n} ends a line and is counted in the
 * offset; one {@code \r} before it is dropped; empty lines are skipped; a line longer than
 * {@code maxLineBytes} is returned as malformed without being held in memory. An unterminated
 * last line of the <em>last</em> file is not consumed, because the file may still be being
 * written; in an earlier file it is a complete line, since the writer has moved on.
 *
 * <p>The checkpointed file is checked against the {@link FileIdentity} stored with the
 * checkpoint: if it is now shorter, or its first bytes changed, it was truncated or replaced, and
 * the {@link RewrittenFilePolicy} decides. The start position comes from the checkpoint (Redis is
 * the source of truth), not from the {@link ExecutionContext}: {@link #update} only mirrors the
 * position for visibility. Not thread-safe: one reader per step execution.
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

	private final LineParser parser;

	private final int maxLineBytes;

	private final RewrittenFilePolicy rewrittenFilePolicy;

	private final Supplier<FilePosition> start;

	private final byte[] buffer;

	private List<String> files;

	private int fileIndex = -1;

	private LineInput input;

	private FileIdentity identity;

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

	/** {@link #read()} collects a line's parts here. */
	private final Collected collected = new Collected();

	private volatile int filesOpened;

	private ReadPlan plan;

	/**
	 * @param directory the input directory
	 * @param files which files to read
	 * @param parser turns a line's bytes into an entry
	 * @param limits line and buffer sizes
	 * @param rewrittenFilePolicy what to do when the checkpointed file was rewritten
	 * @param start supplies the position to resume from when the reader is opened
	 */
	public LogFileItemReader(Path directory, FileSelection files, LineParser parser, LineLimits limits,
			RewrittenFilePolicy rewrittenFilePolicy, Supplier<FilePosition> start) {
		Assert.notNull(directory, "directory must not be null");
		Assert.notNull(files, "files must not be null");
		Assert.notNull(parser, "parser must not be null");
		Assert.notNull(rewrittenFilePolicy, "rewrittenFilePolicy must not be null");
		Assert.notNull(start, "start must not be null");
		this.directory = directory;
		this.glob = files.glob();
		this.recursive = files.recursive();
		this.parser = parser;
		this.maxLineBytes = limits.maxLineBytes();
		this.buffer = new byte[Math.max(limits.bufferBytes(), limits.maxLineBytes() + 2)];
		this.rewrittenFilePolicy = rewrittenFilePolicy;
		this.start = start;
	}

	/**
	 * Which files of the input directory are read.
	 *
	 * @param glob pattern for file names
	 * @param recursive whether subdirectories are read too
	 */
	public record FileSelection(String glob, boolean recursive) {

		public FileSelection {
			Assert.hasText(glob, "glob must not be empty");
		}

	}

	/**
	 * @param maxLineBytes longest line parsed (terminator excluded)
	 * @param bufferBytes read buffer size, raised to fit a line of {@code maxLineBytes}
	 */
	public record LineLimits(int maxLineBytes, int bufferBytes) {
	}

	/** What this reader has to read; known once it is open. */
	public ReadPlan plan() {
		return this.plan;
	}

	/** Files opened so far; safe to read from another thread. */
	public int filesOpened() {
		return this.filesOpened;
	}

	/** The files this reader reads, in order; known once it is open. */
	public List<String> files() {
		return this.files;
	}

	@Override
	public void open(ExecutionContext executionContext) throws ItemStreamException {
		try {
			this.files = InputFiles.list(this.directory, this.glob, this.recursive);
		}
		catch (IOException ex) {
			throw new ItemStreamException("Could not list input directory " + this.directory + ": " + ex, ex);
		}
		FilePosition from = this.start.get();
		moveTo(from.file(), from.offset(), from.identity());
		// Files that sort before the checkpointed one were finished by earlier runs.
		int index = 0;
		while (index < this.files.size() && InputFiles.NAME_ORDER.compare(this.files.get(index), from.file()) < 0) {
			index++;
		}
		List<String> toRead = this.files.subList(index, this.files.size());
		List<Long> sizes = new java.util.ArrayList<>(toRead.size());
		for (String name : toRead) {
			sizes.add(this.directory.resolve(name).toFile().length());
		}
		this.plan = new ReadPlan(from, toRead, sizes);
		this.fileIndex = index - 1;
		if (index < this.files.size() && this.files.get(index).equals(from.file()) && !resume(index, from)) {
			openFile(index, 0, null);
		}
	}

	/** Opens the checkpointed file at its offset; false if it was rewritten and is to be read again. */
	private boolean resume(int index, FilePosition from) {
		if (openFile(index, from.offset(), from.identity())) {
			return true;
		}
		String reason = "file " + this.directory.resolve(from.file()) + " was truncated or replaced since the checkpoint at offset "
				+ from.offset();
		if (this.rewrittenFilePolicy == RewrittenFilePolicy.FAIL) {
			throw new ItemStreamException(reason + " (logagg.on-rewritten-file=fail; set it to reread to read the file again)");
		}
		logger.warn("{}; reading it again from the start", reason);
		return false;
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
			if (this.input == null && !openFile(this.fileIndex + 1, 0, null)) {
				return false;
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
		if (to - from > this.maxLineBytes || !this.parser.parse(this.buffer, from, to, into)) {
			into.malformed(this.lastFile, RejectedLine.of(this.bufferOffset + from, this.buffer, from, to));
		}
	}

	/** At the end of a file: hands on the unterminated tail of a non-last file; false if none. */
	private boolean endOfFile(LineConsumer into) {
		boolean lastFile = this.fileIndex == this.files.size() - 1;
		boolean tail = !lastFile && (this.skipping != null || this.limit > this.lineStart);
		if (tail) {
			moveTo(this.bufferOffset + this.limit);
			if (this.skipping != null) {
				into.malformed(this.lastFile, this.skipping);
			}
			else {
				line(this.lineStart, this.limit, into);
			}
		}
		closeInput();
		if (lastFile) {
			// Leave the index past the end so that read() keeps returning null.
			this.fileIndex = this.files.size();
		}
		return tail;
	}

	/** The last line read ends at {@code offset} of the current file. */
	private void moveTo(long offset) {
		moveTo(this.files.get(this.fileIndex), offset, this.identity);
	}

	private void moveTo(String file, long offset, FileIdentity identity) {
		this.lastFile = file;
		this.lastOffset = offset;
		this.lastIdentity = identity;
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
			throw new ItemStreamException("Could not read " + this.directory.resolve(this.files.get(this.fileIndex))
					+ " at offset " + (this.bufferOffset + this.limit) + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Opens a file at an offset. With an expected identity, returns false (and opens nothing) if
	 * the file no longer matches it or is shorter than the offset.
	 */
	private boolean openFile(int index, long offset, FileIdentity expected) {
		if (index >= this.files.size()) {
			return false;
		}
		String name = this.files.get(index);
		Path file = this.directory.resolve(name);
		FileChannel channel = null;
		try {
			channel = FileChannel.open(file, StandardOpenOption.READ);
			FileIdentity found = FileIdentity.of(channel);
			LineInput opened = (expected == null || expected.matches(channel))
					? LineInput.open(channel, name.endsWith(".gz"), offset) : null;
			if (opened == null) {
				channel.close();
				return false;
			}
			this.input = opened;
			this.identity = found;
		}
		catch (IOException ex) {
			closeQuietly(channel);
			throw new ItemStreamException("Could not open " + file + ": " + reason(ex), ex);
		}
		this.fileIndex = index;
		this.filesOpened = this.filesOpened + 1;
		this.bufferOffset = offset;
		this.lineStart = 0;
		this.scanFrom = 0;
		this.limit = 0;
		this.skipping = null;
		return true;
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
	}

	private void closeInput() {
		if (this.input != null) {
			try {
				this.input.close();
			}
			catch (IOException ex) {
				logger.debug("could not close {}", this.files.get(this.fileIndex), ex);
			}
			finally {
				this.input = null;
			}
		}
	}

	/** An I/O failure in an operator's words: the JDK's own message is often the path alone. */
	private static String reason(IOException ex) {
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
		public void entry(int status, long epochMinute, long bytes, byte[] line, int pathFrom, int pathTo) {
			String path = (pathFrom < 0) ? null : new String(line, pathFrom, pathTo - pathFrom, StandardCharsets.UTF_8);
			this.entry = new AccessLogEntry(status, epochMinute, path, bytes);
		}

		@Override
		public void malformed(String file, RejectedLine rejected) {
			this.rejected = rejected;
		}

	}

}

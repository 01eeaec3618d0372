package io.logagg.read;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Supplier;

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

	private FilePosition last;

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
		this.last = from;
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

	@Override
	public ReadLine read() {
		while (true) {
			if (this.input == null && !openFile(this.fileIndex + 1, 0, null)) {
				return null;
			}
			int newline = indexOfNewline();
			if (newline >= 0) {
				ReadLine line = lineEndingAt(newline);
				if (line != null) {
					return line;
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
			ReadLine tail = endOfFile();
			if (tail != null) {
				return tail;
			}
		}
	}

	private ReadLine lineEndingAt(int newline) {
		int from = this.lineStart;
		int to = (newline > from && this.buffer[newline - 1] == '\r') ? newline - 1 : newline;
		this.lineStart = newline + 1;
		this.scanFrom = this.lineStart;
		FilePosition end = position(this.bufferOffset + this.lineStart);
		if (this.skipping != null) {
			RejectedLine rejected = this.skipping;
			this.skipping = null;
			return new ReadLine(end, null, rejected);
		}
		if (to == from) {
			return null;
		}
		return line(end, from, to);
	}

	private ReadLine line(FilePosition end, int from, int to) {
		if (to - from <= this.maxLineBytes) {
			var entry = this.parser.parse(this.buffer, from, to);
			if (entry != null) {
				return new ReadLine(end, entry);
			}
		}
		return new ReadLine(end, null, RejectedLine.of(this.bufferOffset + from, this.buffer, from, to));
	}

	/** At the end of a file: the unterminated tail of a non-last file, or null. */
	private ReadLine endOfFile() {
		boolean lastFile = this.fileIndex == this.files.size() - 1;
		ReadLine tail = null;
		if (!lastFile && (this.skipping != null || this.limit > this.lineStart)) {
			FilePosition end = position(this.bufferOffset + this.limit);
			tail = (this.skipping != null) ? new ReadLine(end, null, this.skipping) : line(end, this.lineStart, this.limit);
		}
		closeInput();
		if (lastFile) {
			// Leave the index past the end so that read() keeps returning null.
			this.fileIndex = this.files.size();
		}
		return tail;
	}

	private FilePosition position(long offset) {
		FilePosition position = new FilePosition(this.files.get(this.fileIndex), offset, this.identity);
		this.last = position;
		return position;
	}

	private int indexOfNewline() {
		byte[] b = this.buffer;
		for (int i = this.scanFrom; i < this.limit; i++) {
			if (b[i] == '\n') {
				return i;
			}
		}
		this.scanFrom = this.limit;
		return -1;
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
		executionContext.putString(FILE_KEY, this.last.file());
		executionContext.putLong(OFFSET_KEY, this.last.offset());
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

}

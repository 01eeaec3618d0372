package io.logagg.read;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Supplier;

import io.logagg.parse.LineParser;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.util.Assert;

/**
 * Reads the lines of the sorted input files as {@link ReadLine}s, starting at a stored
 * {@link FilePosition} with a seek, never a re-read.
 *
 * <p>Byte rules, which make every position exact: {@code \n} ends a line and is counted in the
 * offset; one {@code \r} before it is dropped; empty lines are skipped; a line longer than
 * {@code maxLineBytes} is returned as malformed without being held in memory. An unterminated
 * last line of the <em>last</em> file is not consumed, because the file may still be being
 * written; in an earlier file it is a complete line, since the writer has moved on.
 *
 * <p>The start position comes from the checkpoint (Redis is the source of truth), not from the
 * {@link ExecutionContext}: {@link #update} only mirrors the position for visibility. Not
 * thread-safe: one reader per step execution.
 */
public class LogFileItemReader implements ItemStreamReader<ReadLine> {

	/** Execution-context key mirroring the file of the last line read. */
	public static final String FILE_KEY = "LogFileItemReader.file";

	/** Execution-context key mirroring the offset after the last line read. */
	public static final String OFFSET_KEY = "LogFileItemReader.offset";

	/** Execution-context key counting the files this execution opened. */
	public static final String FILES_OPENED_KEY = "LogFileItemReader.filesOpened";

	private final Path directory;

	private final String glob;

	private final LineParser parser;

	private final int maxLineBytes;

	private final Supplier<FilePosition> start;

	private final byte[] buffer;

	private List<String> files;

	private int fileIndex = -1;

	private FileChannel channel;

	/** File offset of {@code buffer[0]}. */
	private long bufferOffset;

	/** Index in the buffer of the first byte not yet returned as part of a line. */
	private int lineStart;

	/** Index in the buffer where the search for the next {@code \n} goes on. */
	private int scanFrom;

	/** Number of valid bytes in the buffer. */
	private int limit;

	/** True while discarding the rest of an over-long line. */
	private boolean skipping;

	private FilePosition last;

	private int filesOpened;

	/**
	 * @param directory the input directory
	 * @param glob file name pattern
	 * @param parser turns a line's bytes into an entry
	 * @param maxLineBytes longest line parsed (terminator excluded)
	 * @param bufferBytes read buffer size, raised to fit a line of {@code maxLineBytes}
	 * @param start supplies the position to resume from when the reader is opened
	 */
	public LogFileItemReader(Path directory, String glob, LineParser parser, int maxLineBytes, int bufferBytes,
			Supplier<FilePosition> start) {
		Assert.notNull(directory, "directory must not be null");
		Assert.hasText(glob, "glob must not be empty");
		Assert.notNull(parser, "parser must not be null");
		Assert.notNull(start, "start must not be null");
		this.directory = directory;
		this.glob = glob;
		this.parser = parser;
		this.maxLineBytes = maxLineBytes;
		this.buffer = new byte[Math.max(bufferBytes, maxLineBytes + 2)];
		this.start = start;
	}

	@Override
	public void open(ExecutionContext executionContext) throws ItemStreamException {
		try {
			this.files = InputFiles.list(this.directory, this.glob);
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
		this.fileIndex = index - 1;
		if (index < this.files.size() && this.files.get(index).equals(from.file())) {
			openFile(index, from.offset());
		}
	}

	@Override
	public ReadLine read() {
		while (true) {
			if (this.channel == null && !openFile(this.fileIndex + 1, 0)) {
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
			if (!this.skipping && this.limit - this.lineStart > this.maxLineBytes + 1) {
				// Longer than any line we parse, even with a \r still to be dropped: stop keeping it.
				this.skipping = true;
			}
			if (this.skipping) {
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
		if (this.skipping) {
			this.skipping = false;
			return new ReadLine(end, null);
		}
		if (to == from) {
			return null;
		}
		return new ReadLine(end, (to - from > this.maxLineBytes) ? null : this.parser.parse(this.buffer, from, to));
	}

	/** At the end of a file: the unterminated tail of a non-last file, or null. */
	private ReadLine endOfFile() {
		boolean lastFile = this.fileIndex == this.files.size() - 1;
		ReadLine tail = null;
		if (!lastFile && (this.skipping || this.limit > this.lineStart)) {
			int from = this.lineStart;
			int to = this.limit;
			FilePosition end = position(this.bufferOffset + this.limit);
			tail = new ReadLine(end, (this.skipping || to - from > this.maxLineBytes) ? null
					: this.parser.parse(this.buffer, from, to));
		}
		closeChannel();
		if (lastFile) {
			// Leave the index past the end so that read() keeps returning null.
			this.fileIndex = this.files.size();
		}
		return tail;
	}

	private FilePosition position(long offset) {
		FilePosition position = new FilePosition(this.files.get(this.fileIndex), offset);
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
			int n = this.channel.read(ByteBuffer.wrap(this.buffer, this.limit, this.buffer.length - this.limit));
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

	private boolean openFile(int index, long offset) {
		if (index >= this.files.size()) {
			return false;
		}
		Path file = this.directory.resolve(this.files.get(index));
		try {
			FileChannel opened = FileChannel.open(file, StandardOpenOption.READ);
			long size = opened.size();
			if (size < offset) {
				opened.close();
				throw new ItemStreamException("File " + file + " is shorter (" + size
						+ " bytes) than its checkpoint offset " + offset
						+ ": it was truncated or replaced since the last run");
			}
			opened.position(offset);
			this.channel = opened;
		}
		catch (IOException ex) {
			throw new ItemStreamException("Could not open " + file + ": " + ex.getMessage(), ex);
		}
		this.fileIndex = index;
		this.filesOpened++;
		this.bufferOffset = offset;
		this.lineStart = 0;
		this.scanFrom = 0;
		this.limit = 0;
		this.skipping = false;
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
		closeChannel();
	}

	private void closeChannel() {
		if (this.channel != null) {
			try {
				this.channel.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			finally {
				this.channel = null;
			}
		}
	}

}

package io.logagg.support;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import io.logagg.bench.AccessLogGenerator;

/**
 * A web server's side of a log: it appends whole lines through the file it opened (with
 * {@code O_APPEND}, as nginx and Apache do), and goes on writing there after a rotation renamed
 * the file, until it is told to reopen its log ({@code postrotate}'s signal). Keeps every line it
 * wrote, to count them independently.
 */
public final class LoggingServer implements AutoCloseable {

	private final Path log;

	private final AccessLogGenerator lines;

	private final List<byte[]> written = new ArrayList<>();

	private OutputStream out;

	/** Whether each line gets a path of its own, so that a loss and a double count cannot cancel out. */
	private boolean pathPerLine;

	/** Whether it writes at its own offset instead of appending (see {@link #notAppending()}). */
	private boolean appending = true;

	private java.nio.channels.FileChannel channel;

	private int lineNumber;

	/**
	 * @param log the live log file
	 * @param seed seed of the generated lines
	 * @param malformedShare share of malformed lines
	 */
	public LoggingServer(Path log, long seed, double malformedShare) throws IOException {
		this.log = log;
		this.lines = new AccessLogGenerator(seed, ZonedDateTime.parse("2026-11-20T00:00:00Z"), malformedShare);
		reopen();
	}

	/** Gives every line from now on a path of its own, {@code /line/N}. */
	public LoggingServer pathPerLine() {
		this.pathPerLine = true;
		return this;
	}

	/**
	 * Writes from now on as a program whose output was redirected ({@code app > access.log},
	 * systemd's {@code StandardOutput=file:}): at its own offset, not with {@code O_APPEND}, so that
	 * after copytruncate its next line lands past a hole of NUL bytes.
	 */
	public LoggingServer notAppending() throws IOException {
		this.appending = false;
		reopen();
		return this;
	}

	/** Appends {@code count} lines to the file the server has open. */
	public void write(int count) throws IOException {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < count; i++) {
			String line = this.lines.nextLine();
			this.lineNumber++;
			if (this.pathPerLine) {
				line = line.replaceFirst("\"([A-Z]+) [^ \"]+ HTTP", "\"$1 /line/" + this.lineNumber + " HTTP");
			}
			text.append(line).append('\n');
			this.written.add(line.getBytes(StandardCharsets.ISO_8859_1));
		}
		byte[] bytes = text.toString().getBytes(StandardCharsets.ISO_8859_1);
		if (this.appending) {
			this.out.write(bytes);
			this.out.flush();
		}
		else {
			java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
			while (buffer.hasRemaining()) {
				this.channel.write(buffer);
			}
		}
	}

	/** Reopens the log by its name, creating it if rotation moved it away. */
	public void reopen() throws IOException {
		close();
		if (this.appending) {
			this.out = new FileOutputStream(this.log.toFile(), true);
		}
		else {
			this.channel = java.nio.channels.FileChannel.open(this.log, java.nio.file.StandardOpenOption.CREATE,
					java.nio.file.StandardOpenOption.WRITE);
			this.channel.position(this.channel.size());
		}
	}

	/** Every line written so far, in order, without its newline. */
	public List<byte[]> written() {
		return List.copyOf(this.written);
	}

	/** What the job must hold once it has read everything written so far. */
	public IndependentCount count() {
		return IndependentCount.of(this.written, IndependentCount.DEFAULT_MAX_LINE_BYTES);
	}

	@Override
	public void close() throws IOException {
		if (this.out != null) {
			this.out.close();
			this.out = null;
		}
		if (this.channel != null) {
			this.channel.close();
			this.channel = null;
		}
	}

}

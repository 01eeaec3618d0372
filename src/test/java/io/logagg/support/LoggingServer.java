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

	/** Appends {@code count} lines to the file the server has open. */
	public void write(int count) throws IOException {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < count; i++) {
			String line = this.lines.nextLine();
			text.append(line).append('\n');
			this.written.add(line.getBytes(StandardCharsets.ISO_8859_1));
		}
		this.out.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
		this.out.flush();
	}

	/** Reopens the log by its name, creating it if rotation moved it away. */
	public void reopen() throws IOException {
		if (this.out != null) {
			this.out.close();
		}
		this.out = new FileOutputStream(this.log.toFile(), true);
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
		this.out.close();
	}

}

package io.logagg.job;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a source's last run had lines to read or found nothing new: a file under
 * {@code <data-dir>/last-run/}. The next run starts the context it will most likely need: a cron
 * tick on a busy server reads lines every time, and starting the small idle context first cost it
 * 0.5 s; a source's first run reads its backlog. Only a guess about start-up: what a run reads is
 * decided by the checkpoint in Redis, and a wrong or missing guess costs time, never a line.
 *
 * @param file where the outcome is kept
 */
public record LastRunOutcome(Path file) {

	private static final Logger logger = LoggerFactory.getLogger(LastRunOutcome.class);

	private static final String LINES = "lines";

	private static final String NOTHING_NEW = "nothing-new";

	/** The outcome of a source, in its data directory; any character may be in the source's name. */
	public static LastRunOutcome of(Path dataDir, String source) {
		return new LastRunOutcome(dataDir.resolve("last-run").resolve(URLEncoder.encode(source, StandardCharsets.UTF_8)));
	}

	/**
	 * Whether the next run most likely reads lines: the last one did, or there was none yet, as a
	 * source's first run reads its backlog. False when the record cannot be read.
	 */
	public boolean expectsLines() {
		try {
			return LINES.equals(Files.readString(this.file, StandardCharsets.UTF_8).strip());
		}
		catch (NoSuchFileException ex) {
			return true;
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

	/** Records a run's outcome; a failure to write it is logged and changes nothing else. */
	public void record(boolean hadLines) {
		try {
			Files.createDirectories(this.file.getParent());
			Files.writeString(this.file, hadLines ? LINES : NOTHING_NEW, StandardCharsets.UTF_8);
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("could not record the run's outcome in {}: {}", this.file, ex.toString());
		}
	}

}

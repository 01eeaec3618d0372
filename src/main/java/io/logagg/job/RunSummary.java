package io.logagg.job;

import java.time.Duration;
import java.util.Locale;

import io.logagg.read.FilePosition;
import io.logagg.read.PrintableName;

import org.springframework.batch.core.BatchStatus;

/**
 * The outcome of one run, a job execution or a run that found nothing new ({@link IdleRun}), as
 * the {@code run} command prints it.
 *
 * @param source the source name
 * @param executionId the job execution's id, or {@link #NO_EXECUTION} for a run that found nothing new
 * @param status the job's final status
 * @param files files the run opened
 * @param lines well-formed lines aggregated
 * @param malformed malformed lines counted
 * @param bytes response bytes summed
 * @param elapsed from job start to the end of the snapshot step
 * @param checkpoint the source's checkpoint after the run, or null if Redis could not be asked
 * @param failure why the job failed, or null
 * @param filtered well-formed lines the filters left out ({@code logagg.filter.*}, {@code logagg.crawlers})
 */
public record RunSummary(String source, long executionId, BatchStatus status, int files, long lines, long malformed, long bytes,
		Duration elapsed, FilePosition checkpoint, Throwable failure, long filtered) {

	/** A summary of a run that left nothing out. */
	public RunSummary(String source, long executionId, BatchStatus status, int files, long lines, long malformed, long bytes,
			Duration elapsed, FilePosition checkpoint, Throwable failure) {
		this(source, executionId, status, files, lines, malformed, bytes, elapsed, checkpoint, failure, 0);
	}

	/** The execution id of a run that found nothing new: it starts no job (see {@link IdleRun}). */
	public static final long NO_EXECUTION = 0;

	/** Lines (well-formed and malformed) per second of job time. */
	public long linesPerSecond() {
		double seconds = this.elapsed.toNanos() / 1e9;
		return (seconds > 0) ? Math.round((this.lines + this.malformed) / seconds) : 0;
	}

	/**
	 * The one-line summary; its {@code key=value} fields are a stable format for scripts. The
	 * checkpoint comes last because a file name may contain spaces.
	 */
	public String line() {
		// filtered= only when filters left lines out: without filters the line is as it always was.
		return String.format(Locale.ROOT,
				"logagg run: source=%s status=%s files=%d lines=%d malformed=%d bytes=%d seconds=%.3f lines/s=%d %scheckpoint=%s",
				this.source, this.status, this.files, this.lines, this.malformed, this.bytes,
				this.elapsed.toNanos() / 1e9, linesPerSecond(), (this.filtered > 0) ? "filtered=" + this.filtered + " " : "",
				checkpointText());
	}

	private String checkpointText() {
		if (this.checkpoint == null) {
			return "unknown";
		}
		return this.checkpoint.file().isEmpty() ? "-" : PrintableName.of(this.checkpoint.file()) + "@" + this.checkpoint.offset();
	}

}

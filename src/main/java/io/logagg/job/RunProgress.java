package io.logagg.job;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

import io.logagg.aggregate.ChunkDelta;
import io.logagg.read.PrintableName;
import io.logagg.read.ReadPlan;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows how far a run is: bytes done of bytes to read, the current file, lines/s, malformed lines
 * so far and the time left. On a terminal, a live progress bar on stderr; anywhere else (cron, CI,
 * a pipe), one plain log line every few seconds and no control characters. Fed by the step's
 * thread only. Not thread-safe.
 */
public class RunProgress implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RunProgress.class);

	private final boolean terminal;

	private final PrintStream stream;

	private final long logIntervalNanos;

	private ReadPlan plan;

	private ProgressBar bar;

	private long lines;

	private long malformed;

	private final long started = System.nanoTime();

	private long lastLog = this.started;

	private long bytesDone;

	/**
	 * @param terminal true to draw a bar, false to log plain lines
	 * @param stream where the bar goes
	 * @param logInterval how often plain lines are logged
	 */
	public RunProgress(boolean terminal, PrintStream stream, Duration logInterval) {
		this.terminal = terminal;
		this.stream = stream;
		this.logIntervalNanos = logInterval.toNanos();
	}

	/** A terminal is attached when the JVM has a console (stdin and stdout are both a tty). */
	public static RunProgress forThisProcess(Duration logInterval) {
		return new RunProgress(System.console() != null, System.err, logInterval);
	}

	/** The reader knows what there is to read. */
	public void planned(ReadPlan plan) {
		this.plan = plan;
		if (!this.terminal) {
			logger.info(String.format(Locale.ROOT, "reading %,.1f MB in %d file(s) from %s", plan.total() / 1e6,
					plan.files().size(), clean(plan.firstRead().toString())));
		}
		if (this.terminal && plan.total() > 0) {
			this.bar = new ProgressBarBuilder().setTaskName("logagg")
				.setInitialMax(plan.total())
				.setUnit(" MB", 1_000_000)
				.setStyle(ProgressBarStyle.ASCII)
				.setMaxRenderedLength(100)
				.setUpdateIntervalMillis(250)
				.setConsumer(new ConsoleProgressBarConsumer(this.stream, 100))
				.showSpeed(new java.text.DecimalFormat("0.0"))
				.build();
		}
	}

	/** A chunk reached Redis. */
	public void committed(ChunkDelta delta) {
		this.lines += delta.lines() + delta.malformed();
		this.malformed += delta.malformed();
		if (this.plan == null) {
			return;
		}
		long done = this.plan.done(delta.end());
		this.bytesDone = done;
		double seconds = Math.max(1e-9, (System.nanoTime() - this.started) / 1e9);
		long rate = Math.round(this.lines / seconds);
		if (this.bar != null) {
			this.bar.stepTo(done);
			this.bar.setExtraMessage(String.format(Locale.ROOT, " %s %,d lines/s %,d malformed", clean(delta.end().file()), rate,
					this.malformed));
			return;
		}
		long now = System.nanoTime();
		if (now - this.lastLog >= this.logIntervalNanos) {
			this.lastLog = now;
			long total = this.plan.total();
			double fraction = (total > 0) ? (double) done / total : 1;
			long eta = (fraction > 0) ? Math.round(seconds / fraction - seconds) : -1;
			logger.info(String.format(Locale.ROOT,
					"progress: %.1f%% (%,.1f of %,.1f MB), file %s, %,d lines/s, %,d malformed, about %d s left",
					100 * fraction, done / 1e6, total / 1e6, clean(delta.end().file()), rate, this.malformed, eta));
		}
	}

	/** Input bytes behind the last committed chunk, from where this run started. */
	public long bytesDone() {
		return this.bytesDone;
	}

	/** File names may hold anything; a log line or the terminal's bar holds no control characters. */
	static String clean(String text) {
		return PrintableName.of(text);
	}

	@Override
	public void close() {
		if (this.bar != null) {
			this.bar.close();
			this.bar = null;
		}
	}

}

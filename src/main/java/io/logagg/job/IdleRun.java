package io.logagg.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

import io.logagg.checkpoint.CheckpointStore;
import io.logagg.checkpoint.KeyLayout;
import io.logagg.checkpoint.RedisRetry;
import io.logagg.config.LogaggProperties;
import io.logagg.lock.SourceLock;
import io.logagg.read.FilePosition;
import io.logagg.read.LogFileItemReader;
import io.logagg.read.ReadState;
import io.logagg.read.RewrittenFilePolicy;
import io.logagg.snapshot.SnapshotTasklet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * A {@code run} that finds nothing new, done with Redis alone: under the source's lock, the job's
 * own reader, opened at the checkpoint, has no line to give; then Redis is made to persist as the
 * job's last step would, unless a save that began after the last commit holds it already. Most of
 * an idle cron tick was starting Spring Batch and its H2 job repository for a job that reads
 * nothing, so such a tick records no job execution.
 *
 * <p>Anything else goes to the job: a line to read, a checkpointed file that was rewritten, a file
 * that cannot be opened. The job then reports it, and the job repository records it.
 */
@Component
public class IdleRun {

	private static final Logger logger = LoggerFactory.getLogger(IdleRun.class);

	private final LogaggProperties properties;

	private final RedisConnectionFactory connectionFactory;

	private final RunPreconditions preconditions;

	public IdleRun(LogaggProperties properties, RedisConnectionFactory connectionFactory, RunPreconditions preconditions) {
		this.properties = properties;
		this.connectionFactory = connectionFactory;
		this.preconditions = preconditions;
	}

	/**
	 * Does the run if there is nothing new to read.
	 * @return its summary (COMPLETED, or FAILED if Redis did not persist), or empty if the job has
	 * something to do
	 * @throws io.logagg.config.InvalidSettingException if the input directory or Redis cannot be used
	 * @throws io.logagg.lock.SourceLockedException if another run holds the source
	 */
	public Optional<RunSummary> runIfNothingNew() throws InterruptedException {
		Path input = this.preconditions.inputDirectory();
		String source = this.properties.source();
		this.preconditions.requireRedis();
		long started = System.nanoTime();
		try (SourceLock lock = this.preconditions.lock(source)) {
			ReadState state;
			OptionalLong lastCommit;
			// With the job's retries: a Redis blip here should not fail a tick the job would have survived.
			try (CheckpointStore store = new CheckpointStore(this.connectionFactory, new KeyLayout(source),
					new RedisRetry(this.properties.redis().retry()), 0, 0, 1)) {
				state = store.readState();
				lastCommit = store.committedAt();
				if (store.hasPendingDeltas()) {
					// An earlier run left chunks unfolded: the job folds them.
					return Optional.empty();
				}
			}
			FilePosition checkpoint = state.checkpoint();
			int files = filesOpenedIfNothingNew(input, state);
			if (files < 0) {
				return Optional.empty();
			}
			logger.info("nothing new in {} file(s) from {}", files, checkpoint);
			BatchStatus status = BatchStatus.COMPLETED;
			RuntimeException failure = null;
			try {
				logger.debug("{}",
						SnapshotTasklet.of(this.properties.snapshot(), this.connectionFactory).persistIfUnsaved(lastCommit));
			}
			catch (RuntimeException ex) {
				status = BatchStatus.FAILED;
				failure = ex;
			}
			Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
			return Optional.of(new RunSummary(source, RunSummary.NO_EXECUTION, status, files, 0, 0, 0, elapsed, checkpoint,
					failure));
		}
	}

	/** Files the reader opened to find no line, or -1 if it found one or something to report. */
	private int filesOpenedIfNothingNew(Path input, ReadState state) {
		// FAIL rather than the configured policy: a rewritten file throws here instead of being
		// logged as read again, and the job, which reads it, logs it once.
		LogFileItemReader reader = LogaggJobConfiguration.lineReader(this.properties, input, this.properties.pattern(),
				this.properties.format(), RewrittenFilePolicy.FAIL, () -> state);
		try {
			reader.open(new ExecutionContext());
			if (reader.read() != null) {
				return -1;
			}
			// The job, which reads the plan otherwise, would have said these.
			reader.plan().warnings().forEach(logger::warn);
			return reader.filesOpened();
		}
		catch (ItemStreamException ex) {
			return -1;
		}
		finally {
			reader.close();
		}
	}

}

package io.logagg.snapshot;

import java.util.OptionalLong;

import io.logagg.config.LogaggProperties;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The job's last step: makes Redis persist as {@code logagg.snapshot.mode} says. The work is in
 * {@link #persist()}, which needs only Redis, so that a run with nothing to read can do it without
 * starting Spring Batch.
 */
public abstract class SnapshotTasklet implements Tasklet {

	/** The tasklet of the configured snapshot mode. */
	public static SnapshotTasklet of(LogaggProperties.Snapshot settings, RedisConnectionFactory connectionFactory) {
		return switch (settings.mode()) {
			case BGSAVE -> new BgsaveTasklet(connectionFactory, settings.timeout());
			case POLICY -> new SavePolicyTasklet(connectionFactory, settings.savePolicy());
			case AOF -> new AofTasklet(connectionFactory, settings.aof(), settings.timeout());
			case NONE -> new SnapshotTasklet() {
				@Override
				public String persist() {
					return "snapshot mode none: skipped";
				}
			};
		};
	}

	/**
	 * Makes Redis persist and verifies that it did.
	 * @return what was done, for the step's exit description
	 * @throws IllegalStateException if Redis did not persist
	 */
	public abstract String persist() throws InterruptedException;

	/**
	 * As {@link #persist()}, for a run that committed nothing: a mode that would only write again
	 * what is already on disk may skip it.
	 * @param lastCommit when the source's last commit was made, in epoch seconds on Redis's clock,
	 * or empty if that is not known
	 */
	public String persistIfUnsaved(OptionalLong lastCommit) throws InterruptedException {
		return persist();
	}

	@Override
	public final RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws InterruptedException {
		contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription(persist()));
		return RepeatStatus.FINISHED;
	}

}

package io.logagg.job;

import java.util.List;

import io.logagg.snapshot.SnapshotTasklet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * After a job of several sources in which a source did not complete: names the failed sources in
 * the exit description, and makes Redis persist what the sources committed, if any did, since the
 * job stopped before its snapshot step.
 */
final class FleetOutcome implements JobExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(FleetOutcome.class);

	/** The step name of a source's partition: the aggregate step's name, a colon, the source. */
	static final String PARTITION_PREFIX = LogaggJobConfiguration.AGGREGATE_STEP + ":";

	private final SnapshotTasklet snapshot;

	FleetOutcome(SnapshotTasklet snapshot) {
		this.snapshot = snapshot;
	}

	@Override
	public void afterJob(JobExecution execution) {
		List<StepExecution> partitions = execution.getStepExecutions()
			.stream()
			.filter(step -> step.getStepName().startsWith(PARTITION_PREFIX))
			.toList();
		List<String> failed = partitions.stream()
			.filter(step -> step.getStatus() != BatchStatus.COMPLETED)
			.map(FleetOutcome::describe)
			.sorted()
			.toList();
		if (failed.isEmpty()) {
			return;
		}
		String description = "sources not completed: " + String.join("; ", failed);
		// Only when a source committed a chunk: a tick with nothing new forks no BGSAVE.
		if (partitions.stream().anyMatch(step -> step.getWriteCount() > 0)) {
			try {
				logger.info("persisted what the other sources committed: {}", this.snapshot.persist());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				description += "; persisting the others was interrupted";
			}
			catch (RuntimeException ex) {
				logger.error("could not persist what the other sources committed: {}", ex.getMessage());
				description += "; persisting the others failed: " + ex.getMessage();
			}
		}
		execution.setExitStatus(execution.getExitStatus().addExitDescription(description));
	}

	private static String describe(StepExecution step) {
		String source = step.getStepName().substring(PARTITION_PREFIX.length());
		return step.getFailureExceptions().isEmpty() ? source + " " + step.getStatus()
				: source + " (" + step.getFailureExceptions().get(0).getMessage() + ")";
	}

}

package io.logagg.job;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.logagg.lock.SourceLock;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

/**
 * Before a source's partition reads: checks its input directory and takes its lock, so that one
 * source that cannot be read fails its partition alone; releases the lock when the partition ends.
 * The aggregate step of a single source passes through: {@link LogaggJobRunner} holds that lock.
 * Thread-safe: partitions run on several threads.
 */
@Component
class SourcePartitionGuard implements StepExecutionListener {

	private final RunPreconditions preconditions;

	private final Map<Long, SourceLock> held = new ConcurrentHashMap<>();

	SourcePartitionGuard(RunPreconditions preconditions) {
		this.preconditions = preconditions;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		String source = stepExecution.getExecutionContext().getString(JobParameterNames.SOURCE, null);
		if (source == null) {
			return;
		}
		this.preconditions.inputDirectory(Path.of(stepExecution.getExecutionContext().getString(JobParameterNames.INPUT)));
		SourceLock lock = this.preconditions.lock(source);
		if (lock != null) {
			this.held.put(stepExecution.getId(), lock);
		}
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		SourceLock lock = this.held.remove(stepExecution.getId());
		if (lock != null) {
			lock.close();
		}
		return null;
	}

}

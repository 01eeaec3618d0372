package io.logagg.job;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

/**
 * Stops this process's running steps (one per source when several are read at once) the way Spring Batch's own stop does, by marking its live
 * {@link StepExecution} terminate-only: the step ends STOPPED between two chunks, so a chunk is
 * committed whole or not at all. Going through {@code JobOperator.stop} from a signal thread
 * instead races the step's own job-repository updates (optimistic locking failures leave the
 * execution UNKNOWN). Thread-safe.
 */
@Component
public class StopRequests implements StepExecutionListener {

	private final Set<StepExecution> running = ConcurrentHashMap.newKeySet();

	private volatile boolean requested;

	@Override
	public void beforeStep(StepExecution stepExecution) {
		this.running.add(stepExecution);
		if (this.requested) {
			stepExecution.setTerminateOnly();
		}
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		this.running.remove(stepExecution);
		return null;
	}

	/** Asks the running steps, and any step this process starts later, to stop. */
	public void request() {
		this.requested = true;
		this.running.forEach(StepExecution::setTerminateOnly);
	}

}

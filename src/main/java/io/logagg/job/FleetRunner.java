package io.logagg.job;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.logagg.config.InvalidSettingException;
import io.logagg.config.LogaggProperties;
import io.logagg.config.LogaggProperties.ListedSource;
import io.logagg.lock.SourceLock;
import io.logagg.lock.SourceLockedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Runs and restarts the job of every source in {@code logagg.sources} ({@link FleetJobConfiguration})
 * and sums up each source's partition as a {@link RunSummary}. Each partition takes its own
 * source's lock ({@link SourcePartitionGuard}); this runner takes none, so a source another process
 * holds fails alone.
 */
@Component
public class FleetRunner {

	private static final Logger logger = LoggerFactory.getLogger(FleetRunner.class);

	/** The job parameter listing the sources of a run, comma-separated. */
	static final String SOURCES = "sources";

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Job job;

	private final LogaggProperties properties;

	private final RunPreconditions preconditions;

	private final LogaggJobRunner single;

	private final StopRequests stopRequests;

	private final JobHistoryRetention retention;

	public FleetRunner(JobOperator jobOperator, JobRepository jobRepository, @Qualifier("fleetJob") Job job,
			LogaggProperties properties, RunPreconditions preconditions, LogaggJobRunner single, StopRequests stopRequests,
			JobHistoryRetention retention) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.job = job;
		this.properties = properties;
		this.preconditions = preconditions;
		this.single = single;
		this.stopRequests = stopRequests;
		this.retention = retention;
	}

	/**
	 * What one run of several sources did.
	 *
	 * @param executionId the job execution
	 * @param status the job's status: FAILED if any source did not complete
	 * @param sources each source's partition that ran, by name
	 * @param failure why the job itself failed (the snapshot step, say), or null
	 */
	public record FleetSummary(long executionId, BatchStatus status, List<RunSummary> sources, Throwable failure) {
	}

	/**
	 * Reads every listed source in a new job instance.
	 * @throws InvalidSettingException if no source is listed or Redis cannot be used
	 */
	public FleetSummary run() throws Exception {
		List<ListedSource> sources = this.properties.listedSources();
		if (sources.isEmpty()) {
			throw new InvalidSettingException("--all-sources: logagg.sources lists no source (see config/application.yml)");
		}
		try {
			this.properties.requireListedFormats();
		}
		catch (IllegalArgumentException ex) {
			// Its own words: the compiler's, which name --format, stay out of the message.
			throw new InvalidSettingException(ex.getMessage());
		}
		this.preconditions.requireSeparateSources();
		this.preconditions.requireRedis();
		recoverAbandoned();
		String names = String.join(",", sources.stream().map(ListedSource::name).toList());
		JobExecution execution = this.jobOperator.start(this.job, new JobParametersBuilder().addString(SOURCES, names)
			.addLong(JobParameterNames.RUN_ID, System.currentTimeMillis())
			.toJobParameters());
		FleetSummary summary = summarize(execution);
		this.retention.pruneAfterRun();
		return summary;
	}

	/**
	 * Restarts the last run of several sources, or the given execution, if it did not complete:
	 * only the partitions of the sources that did not complete read again.
	 * @return what the restart did, or empty if the last run completed
	 */
	public Optional<FleetSummary> restart(Long executionId) throws Exception {
		this.preconditions.requireRedis();
		recoverAbandoned();
		JobExecution target = (executionId != null) ? this.jobRepository.getJobExecution(executionId) : last().orElse(null);
		if (target == null || !target.getJobInstance().getJobName().equals(FleetJobConfiguration.JOB_NAME)) {
			throw new InvalidSettingException((executionId != null) ? "no job execution #" + executionId + " of --all-sources"
					: "--all-sources has no job execution to restart");
		}
		JobExecution execution = this.jobRepository.getJobExecution(target.getId());
		if (!LogaggJobRunner.restartable(execution, executionId != null)) {
			return Optional.empty();
		}
		return Optional.of(summarize(this.jobOperator.restart(execution)));
	}

	/** Asks every running partition of this process to stop after its current chunk (see {@link StopRequests}). */
	public void stop() {
		this.stopRequests.request();
	}

	private Optional<JobExecution> last() {
		return this.jobRepository.getJobInstances(FleetJobConfiguration.JOB_NAME, 0, 1)
			.stream()
			.flatMap(instance -> this.jobRepository.getJobExecutions(instance).stream())
			.max(Comparator.comparingLong(JobExecution::getId));
	}

	/**
	 * Executions left running by a killed process are marked FAILED, when every source they read
	 * is free: a live process would hold at least one of their locks.
	 */
	private void recoverAbandoned() {
		if (!this.properties.lock().enabled()) {
			return;
		}
		for (JobExecution execution : this.jobRepository.findRunningJobExecutions(FleetJobConfiguration.JOB_NAME)) {
			String names = execution.getJobParameters().getString(SOURCES);
			List<SourceLock> locks = new ArrayList<>();
			try {
				for (String source : (names != null) ? names.split(",") : new String[0]) {
					locks.add(this.preconditions.lock(source));
				}
				BatchStatus left = execution.getStatus();
				this.jobOperator.recover(execution);
				logger.warn("execution #{} of sources {} was left {} by a process that is gone; marked FAILED", execution.getId(),
						names, left);
			}
			catch (SourceLockedException ex) {
				logger.debug("execution #{} may still be running: {}", execution.getId(), ex.getMessage());
			}
			finally {
				locks.forEach(SourceLock::close);
			}
		}
	}

	private FleetSummary summarize(JobExecution execution) {
		List<RunSummary> sources = new ArrayList<>();
		for (StepExecution step : execution.getStepExecutions()) {
			if (!step.getStepName().startsWith(FleetOutcome.PARTITION_PREFIX)) {
				continue;
			}
			String source = step.getStepName().substring(FleetOutcome.PARTITION_PREFIX.length());
			Throwable failure = step.getFailureExceptions().stream().findFirst().orElse(null);
			sources.add(this.single.summary(source, execution.getId(), step.getStatus(), step.getExecutionContext(),
					LogaggJobRunner.elapsed(step.getStartTime(), step.getEndTime()), failure));
		}
		sources.sort(Comparator.comparing(RunSummary::source));
		Throwable failure = execution.getStepExecutions()
			.stream()
			.filter(step -> step.getStepName().equals(LogaggJobConfiguration.SNAPSHOT_STEP))
			.flatMap(step -> step.getFailureExceptions().stream())
			.findFirst()
			.orElse(null);
		return new FleetSummary(execution.getId(), execution.getStatus(), sources, failure);
	}

}

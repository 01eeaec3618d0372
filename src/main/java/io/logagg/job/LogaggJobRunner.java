package io.logagg.job;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.logagg.aggregate.AggregatingItemWriter;
import io.logagg.checkpoint.CheckpointStore;
import io.logagg.checkpoint.KeyLayout;
import io.logagg.config.InvalidSettingException;
import io.logagg.config.LogaggProperties;
import io.logagg.lock.SourceLock;
import io.logagg.read.FilePosition;
import io.logagg.read.LogFileItemReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Launches and restarts the job for a source, one run at a time: it takes the source's lock,
 * marks executions that a killed process left STARTED as FAILED (Spring Batch 6's
 * {@link JobOperator#recover}), then starts or restarts through the {@link JobOperator} and sums
 * up the execution. Every {@link #run} is a new job instance: the checkpoint in Redis, not the job
 * repository, decides where reading starts.
 */
@Component
public class LogaggJobRunner {

	private static final Logger logger = LoggerFactory.getLogger(LogaggJobRunner.class);

	private static final Set<BatchStatus> RESTARTABLE = Set.of(BatchStatus.FAILED, BatchStatus.STOPPED,
			BatchStatus.STARTED, BatchStatus.STARTING, BatchStatus.STOPPING, BatchStatus.UNKNOWN);

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Job job;

	private final LogaggProperties properties;

	private final RedisConnectionFactory connectionFactory;

	private final RunPreconditions preconditions;

	private final StopRequests stopRequests;

	private final JobHistoryRetention retention;

	public LogaggJobRunner(JobOperator jobOperator, JobRepository jobRepository, @Qualifier("logaggJob") Job job,
			LogaggProperties properties,
			RedisConnectionFactory connectionFactory, RunPreconditions preconditions, StopRequests stopRequests,
			JobHistoryRetention retention) {
		this.stopRequests = stopRequests;
		this.retention = retention;
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.job = job;
		this.properties = properties;
		this.connectionFactory = connectionFactory;
		this.preconditions = preconditions;
	}

	/**
	 * Runs a new job instance to its end.
	 * @return what it did; {@link RunSummary#failure()} says why if it failed
	 * @throws InvalidSettingException if the input directory or Redis cannot be used
	 * @throws io.logagg.lock.SourceLockedException if another run holds the source
	 */
	public RunSummary run() throws Exception {
		Path input = this.preconditions.inputDirectory();
		String source = this.properties.source();
		this.preconditions.requireSeparateSources();
		this.preconditions.requireRedis();
		try (SourceLock lock = this.preconditions.lock(source)) {
			recoverAbandoned(source);
			JobParameters parameters = new JobParametersBuilder().addString(JobParameterNames.SOURCE, source)
				.addString(JobParameterNames.INPUT, input.toString())
				.addString(JobParameterNames.PATTERN, this.properties.pattern())
				.addString(JobParameterNames.FORMAT, this.properties.format())
				.addLong(JobParameterNames.RUN_ID, System.currentTimeMillis())
				.toJobParameters();
			RunSummary summary = summarize(source, this.jobOperator.start(this.job, parameters));
			this.retention.pruneAfterRun();
			return summary;
		}
	}

	/**
	 * Restarts a failed, stopped or killed execution: the same job instance and parameters.
	 * @param executionId the execution, or null for the source's last one
	 * @return what the restart did, or empty if the source's last execution completed
	 * @throws InvalidSettingException if the execution does not exist or cannot be restarted
	 */
	public Optional<RunSummary> restart(Long executionId) throws Exception {
		this.preconditions.requireRedis();
		JobExecution target = (executionId != null) ? requireExecution(executionId)
				: lastExecution(this.properties.source()).orElse(null);
		if (target == null) {
			throw new InvalidSettingException("source '" + this.properties.source() + "' has no job execution to restart");
		}
		String source = target.getJobParameters().getString(JobParameterNames.SOURCE);
		try (SourceLock lock = this.preconditions.lock(source)) {
			recoverAbandoned(source);
			JobExecution execution = this.jobRepository.getJobExecution(target.getId());
			if (!restartable(execution, executionId != null)) {
				return Optional.empty();
			}
			return Optional.of(summarize(source, this.jobOperator.restart(execution)));
		}
	}

	/**
	 * Whether an execution can be restarted: false for a completed one that was not asked for by
	 * id (the source's last run went well: nothing to do).
	 * @throws InvalidSettingException if it was asked for by id and cannot be restarted
	 */
	static boolean restartable(JobExecution execution, boolean askedById) {
		if (RESTARTABLE.contains(execution.getStatus())) {
			return true;
		}
		if (!askedById && execution.getStatus() == BatchStatus.COMPLETED) {
			return false;
		}
		throw new InvalidSettingException("execution #" + execution.getId() + " is " + execution.getStatus()
				+ ": only failed, stopped or interrupted executions can be restarted");
	}

	/**
	 * Asks the running execution of this process to stop after its current chunk; the chunk is
	 * either committed whole or not at all, and the execution ends STOPPED. Safe to call from a
	 * signal handler's thread.
	 */
	public void stop() {
		this.stopRequests.request();
	}

	/**
	 * Executions of this source still marked as running belong to a process that is gone: this one
	 * holds the lock. Without the lock nothing can be said, so nothing is touched.
	 */
	private void recoverAbandoned(String source) {
		if (!this.properties.lock().enabled()) {
			return;
		}
		for (JobExecution execution : this.jobRepository.findRunningJobExecutions(LogaggJobConfiguration.JOB_NAME)) {
			if (source.equals(execution.getJobParameters().getString(JobParameterNames.SOURCE))) {
				BatchStatus left = execution.getStatus();
				this.jobOperator.recover(execution);
				logger.warn("execution #{} of source '{}' was left {} by a process that is gone; marked FAILED",
						execution.getId(), source, left);
			}
		}
	}

	private JobExecution requireExecution(long executionId) {
		JobExecution execution = this.jobRepository.getJobExecution(executionId);
		if (execution == null || !execution.getJobInstance().getJobName().equals(LogaggJobConfiguration.JOB_NAME)) {
			throw new InvalidSettingException("no job execution #" + executionId);
		}
		return execution;
	}

	/** The source's newest execution, among the last job instances. */
	private Optional<JobExecution> lastExecution(String source) {
		List<JobExecution> executions = this.jobRepository
			.getJobInstances(LogaggJobConfiguration.JOB_NAME, 0, 200)
			.stream()
			.flatMap(instance -> this.jobRepository.getJobExecutions(instance).stream())
			.filter(execution -> source.equals(execution.getJobParameters().getString(JobParameterNames.SOURCE)))
			.toList();
		return executions.stream().max(Comparator.comparingLong(JobExecution::getId));
	}

	private RunSummary summarize(String source, JobExecution execution) {
		ExecutionContext aggregate = execution.getStepExecutions()
			.stream()
			.filter(step -> step.getStepName().equals(LogaggJobConfiguration.AGGREGATE_STEP))
			.map(StepExecution::getExecutionContext)
			.findFirst()
			.orElseGet(ExecutionContext::new);
		Throwable failure = execution.getAllFailureExceptions().stream().findFirst().orElse(null);
		return summary(source, execution.getId(), execution.getStatus(), aggregate,
				elapsed(execution.getStartTime(), execution.getEndTime()), failure);
	}

	/** From start to end, or to now if it has not ended. */
	static Duration elapsed(LocalDateTime start, LocalDateTime end) {
		return (start != null) ? Duration.between(start, (end != null) ? end : LocalDateTime.now()) : Duration.ZERO;
	}

	/** A source's summary, from what its aggregate step's context holds. */
	RunSummary summary(String source, long executionId, BatchStatus status, ExecutionContext aggregate, Duration elapsed,
			Throwable failure) {
		return new RunSummary(source, executionId, status,
				aggregate.getInt(LogFileItemReader.FILES_OPENED_KEY, 0),
				aggregate.getLong(AggregatingItemWriter.LINES_KEY, 0),
				aggregate.getLong(AggregatingItemWriter.MALFORMED_KEY, 0),
				aggregate.getLong(AggregatingItemWriter.BYTES_KEY, 0), elapsed, checkpoint(source, aggregate), failure,
				aggregate.getLong(AggregatingItemWriter.FILTERED_KEY, 0));
	}

	/**
	 * The checkpoint this execution's last commit stored: what Redis holds from this run, even if a
	 * second runner moved it since; the stored one if this execution committed nothing.
	 */
	private FilePosition checkpoint(String source, ExecutionContext aggregate) {
		if (aggregate.containsKey(AggregatingItemWriter.CHECKPOINT_FILE_KEY)) {
			return new FilePosition(aggregate.getString(AggregatingItemWriter.CHECKPOINT_FILE_KEY),
					aggregate.getLong(AggregatingItemWriter.CHECKPOINT_OFFSET_KEY));
		}
		return checkpoint(source);
	}

	private FilePosition checkpoint(String source) {
		try {
			return new CheckpointStore(this.connectionFactory, new KeyLayout(source)).load();
		}
		catch (RuntimeException ex) {
			// Redis went away with the failure; the summary says the checkpoint is unknown.
			return null;
		}
	}

}

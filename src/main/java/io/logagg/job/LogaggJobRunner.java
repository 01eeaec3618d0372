package io.logagg.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;

import io.logagg.aggregate.AggregatingItemWriter;
import io.logagg.checkpoint.CheckpointStore;
import io.logagg.checkpoint.KeyLayout;
import io.logagg.config.InvalidSettingException;
import io.logagg.config.LogaggProperties;
import io.logagg.read.FilePosition;
import io.logagg.read.LogFileItemReader;
import io.logagg.redis.RedisEndpoint;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Launches the job for the configured source and input after checking that both are usable, and
 * sums up the execution. Every launch is a new job instance: the checkpoint in Redis, not the job
 * repository, decides where reading starts.
 */
@Component
public class LogaggJobRunner {

	private final JobOperator jobOperator;

	private final Job job;

	private final LogaggProperties properties;

	private final RedisConnectionFactory connectionFactory;

	public LogaggJobRunner(JobOperator jobOperator, Job job, LogaggProperties properties,
			RedisConnectionFactory connectionFactory) {
		this.jobOperator = jobOperator;
		this.job = job;
		this.properties = properties;
		this.connectionFactory = connectionFactory;
	}

	/**
	 * Runs the job to its end.
	 * @return what it did; {@link RunSummary#failure()} says why if it failed
	 * @throws InvalidSettingException if the input directory or Redis cannot be used
	 */
	public RunSummary run() throws Exception {
		Path input = requireInputDirectory();
		RedisEndpoint.requireReachable(this.connectionFactory);
		JobParameters parameters = new JobParametersBuilder()
			.addString(JobParameterNames.SOURCE, this.properties.source())
			.addString(JobParameterNames.INPUT, input.toString())
			.addString(JobParameterNames.PATTERN, this.properties.pattern())
			.addLong(JobParameterNames.RUN_ID, System.currentTimeMillis())
			.toJobParameters();
		JobExecution execution = this.jobOperator.start(this.job, parameters);
		return summarize(execution);
	}

	private Path requireInputDirectory() {
		Path input = this.properties.input();
		if (input == null) {
			throw new InvalidSettingException("no input directory: give --input DIR (or set logagg.input)");
		}
		Path absolute = input.toAbsolutePath().normalize();
		if (!Files.isDirectory(absolute)) {
			throw new InvalidSettingException("input directory " + absolute
					+ (Files.exists(absolute) ? " is not a directory" : " does not exist"));
		}
		if (!Files.isReadable(absolute)) {
			throw new InvalidSettingException("input directory " + absolute + " is not readable");
		}
		return absolute;
	}

	private RunSummary summarize(JobExecution execution) {
		ExecutionContext aggregate = execution.getStepExecutions()
			.stream()
			.filter(step -> step.getStepName().equals(LogaggJobConfiguration.AGGREGATE_STEP))
			.map(StepExecution::getExecutionContext)
			.findFirst()
			.orElseGet(ExecutionContext::new);
		LocalDateTime start = execution.getStartTime();
		LocalDateTime end = (execution.getEndTime() != null) ? execution.getEndTime() : LocalDateTime.now();
		Duration elapsed = (start != null) ? Duration.between(start, end) : Duration.ZERO;
		Throwable failure = execution.getAllFailureExceptions().stream().findFirst().orElse(null);
		return new RunSummary(this.properties.source(), execution.getStatus(),
				aggregate.getInt(LogFileItemReader.FILES_OPENED_KEY, 0),
				aggregate.getLong(AggregatingItemWriter.LINES_KEY, 0),
				aggregate.getLong(AggregatingItemWriter.MALFORMED_KEY, 0),
				aggregate.getLong(AggregatingItemWriter.BYTES_KEY, 0), elapsed, checkpoint(), failure);
	}

	private FilePosition checkpoint() {
		try {
			return new CheckpointStore(this.connectionFactory, new KeyLayout(this.properties.source())).load();
		}
		catch (RuntimeException ex) {
			// Redis went away with the failure; the summary says the checkpoint is unknown.
			return null;
		}
	}

}

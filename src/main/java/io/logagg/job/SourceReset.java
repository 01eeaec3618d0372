package io.logagg.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import io.logagg.checkpoint.KeyLayout;
import io.logagg.config.LogaggProperties;
import io.logagg.lock.SourceLock;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.launch.NoSuchJobException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Starts a source over: removes every Redis key of the source ({@code logagg:{NAME}:*}), the job
 * executions of its own runs and its last-run record, and nothing else, under the source's lock,
 * so that no run of it is going meanwhile. Its next run reads every file from the start.
 */
@Component
public class SourceReset {

	private final StringRedisTemplate redis;

	private final JobRepository jobRepository;

	private final RunPreconditions preconditions;

	private final LogaggProperties properties;

	public SourceReset(StringRedisTemplate redis, JobRepository jobRepository, RunPreconditions preconditions,
			LogaggProperties properties) {
		this.redis = redis;
		this.jobRepository = jobRepository;
		this.preconditions = preconditions;
		this.properties = properties;
	}

	/**
	 * What a reset removed.
	 *
	 * @param keys Redis keys deleted
	 * @param jobInstances job instances deleted, with their executions
	 */
	public record Removed(long keys, int jobInstances) {
	}

	/**
	 * @throws io.logagg.lock.SourceLockedException if a run of the source holds its lock
	 */
	public Removed reset(String source) {
		KeyLayout keys = new KeyLayout(source);
		this.preconditions.requireRedis();
		long deleted = 0;
		try (SourceLock lock = this.preconditions.lock(source)) {
			List<String> found = new ArrayList<>();
			try (Cursor<String> cursor = this.redis.scan(ScanOptions.scanOptions().match("logagg:{" + source + "}:*").count(1000).build())) {
				cursor.forEachRemaining(found::add);
			}
			// The lock goes last, when it is released: a run starting meanwhile waits for it.
			found.remove(keys.lock());
			for (String key : found) {
				deleted += Boolean.TRUE.equals(this.redis.delete(key)) ? 1 : 0;
			}
			int instances = deleteJobHistory(source);
			try {
				Files.deleteIfExists(LastRunOutcome.of(this.properties.dataDir(), source).file());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return new Removed(deleted, instances);
		}
	}

	/** Deletes the instances of the single-source job that read this source. */
	private int deleteJobHistory(String source) {
		List<JobInstance> instances;
		try {
			int count = (int) this.jobRepository.getJobInstanceCount(LogaggJobConfiguration.JOB_NAME);
			instances = this.jobRepository.getJobInstances(LogaggJobConfiguration.JOB_NAME, 0, count);
		}
		catch (NoSuchJobException ex) {
			return 0;
		}
		int deleted = 0;
		for (JobInstance instance : instances) {
			List<JobExecution> executions = this.jobRepository.getJobExecutions(instance);
			boolean ofSource = executions.stream()
				.anyMatch(execution -> source.equals(execution.getJobParameters().getString(JobParameterNames.SOURCE)));
			if (ofSource) {
				this.jobRepository.deleteJobInstance(instance);
				deleted++;
			}
		}
		return deleted;
	}

}

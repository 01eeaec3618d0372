package io.logagg.job;

import java.time.LocalDateTime;
import java.util.List;

import io.logagg.config.LogaggProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.launch.NoSuchJobException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * Keeps the job repository bounded: after each job, deletes the oldest job instances (every run
 * is one) beyond {@code logagg.history.keep-executions}, and those whose executions all ended
 * longer than {@code logagg.history.keep-for} ago, oldest first, up to the first it keeps. Works
 * through at most {@value #BATCH} instances per job, so that a large backlog is pruned over a few
 * runs rather than in one long pause. Redis, not the job repository, holds the checkpoint: nothing
 * a run needs is deleted.
 */
@Component
public class JobHistoryRetention {

	private static final Logger logger = LoggerFactory.getLogger(JobHistoryRetention.class);

	static final int BATCH = 500;

	private final JobRepository jobRepository;

	private final LogaggProperties.History history;

	public JobHistoryRetention(JobRepository jobRepository, LogaggProperties properties) {
		this.jobRepository = jobRepository;
		this.history = properties.history();
	}

	/** {@link #prune()} after a run: a failure to prune is logged, and fails no run. */
	public void pruneAfterRun() {
		try {
			prune();
		}
		catch (RuntimeException ex) {
			logger.warn("could not prune the job repository: {}", ex.getMessage());
		}
	}

	/**
	 * Deletes what the retention settings leave out.
	 * @return how many job instances were deleted
	 */
	public int prune() {
		return prune(LogaggJobConfiguration.JOB_NAME) + prune(FleetJobConfiguration.JOB_NAME);
	}

	private int prune(String jobName) {
		long total;
		try {
			total = this.jobRepository.getJobInstanceCount(jobName);
		}
		catch (NoSuchJobException ex) {
			return 0;
		}
		// Newest first: the oldest are at the end.
		int from = (int) Math.max(0, total - BATCH);
		List<JobInstance> oldest = this.jobRepository.getJobInstances(jobName, from, BATCH);
		LocalDateTime cutoff = LocalDateTime.now().minus(this.history.keepFor());
		int deleted = 0;
		for (int i = oldest.size() - 1; i >= 0; i--) {
			JobInstance instance = oldest.get(i);
			long newerThanThis = from + i;
			List<JobExecution> executions = this.jobRepository.getJobExecutions(instance);
			boolean running = executions.stream().anyMatch(execution -> execution.getEndTime() == null);
			if (running) {
				continue;
			}
			boolean beyondCount = newerThanThis >= this.history.keepExecutions();
			boolean expired = executions.stream().allMatch(execution -> execution.getEndTime().isBefore(cutoff));
			if (!beyondCount && !expired) {
				// Instances are numbered as they start, so the newer ones are kept too (an instance
				// restarted long after it started holds back the ones after it until it ages). Reading
				// each instance's executions was 0.16 s of every cron tick with a few thousand kept.
				break;
			}
			this.jobRepository.deleteJobInstance(instance);
			deleted++;
		}
		if (deleted > 0) {
			logger.debug("deleted {} instance(s) of job {} past logagg.history (keep-for {}, keep-executions {})", deleted,
					jobName, this.history.keepFor(), this.history.keepExecutions());
		}
		return deleted;
	}

}

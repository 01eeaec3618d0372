package io.logagg.report;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;

import io.logagg.checkpoint.CheckpointStore;
import io.logagg.checkpoint.KeyLayout;
import io.logagg.job.JobParameterNames;
import io.logagg.job.LogaggJobConfiguration;
import io.logagg.read.FilePosition;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A source's checkpoint and its last job executions, as {@code status} prints them; the JSON form
 * is this record as is.
 *
 * @param source the source name
 * @param file file of the checkpoint, or null if the source has none
 * @param offset byte offset of the checkpoint in that file
 * @param lines well-formed lines aggregated so far
 * @param malformed malformed lines counted so far
 * @param updated when the checkpoint last moved (ISO-8601), or null
 * @param executions the source's last job executions, newest first
 */
public record StatusReport(String source, String file, long offset, long lines, long malformed, String updated,
		List<Execution> executions) {

	/** How many executions {@code status} lists. */
	public static final int EXECUTIONS = 5;

	/** How many job instances are searched for the source's executions. */
	private static final int INSTANCES_SEARCHED = 200;

	/**
	 * One job execution.
	 *
	 * @param id execution id
	 * @param status batch status (COMPLETED, FAILED, STARTED, ...)
	 * @param exitCode exit code
	 * @param exitDescription exit description, first line
	 * @param start start time (ISO instant), or null
	 * @param end end time (ISO instant), or null
	 * @param input input directory
	 */
	public record Execution(long id, String status, String exitCode, String exitDescription, String start,
			String end, String input) {
	}

	public static StatusReport read(RedisConnectionFactory connectionFactory, StringRedisTemplate redis,
			JobRepository jobRepository, KeyLayout keys) {
		FilePosition checkpoint = new CheckpointStore(connectionFactory, keys).load();
		String updated = (String) redis.opsForHash().get(keys.checkpoint(), "updated");
		AggregateReport totals = AggregateReport.sourceWide(redis, keys, 0);
		return new StatusReport(keys.source(), checkpoint.file().isEmpty() ? null : checkpoint.file(),
				checkpoint.offset(), totals.lines(), totals.malformed(),
				(updated != null) ? Instant.ofEpochMilli(Long.parseLong(updated)).toString() : null,
				executions(jobRepository, keys.source()));
	}

	private static List<Execution> executions(JobRepository jobRepository, String source) {
		List<JobInstance> instances = jobRepository.getJobInstances(LogaggJobConfiguration.JOB_NAME, 0,
				INSTANCES_SEARCHED);
		return instances.stream()
			.flatMap(instance -> jobRepository.getJobExecutions(instance).stream())
			.filter(execution -> source.equals(execution.getJobParameters().getString(JobParameterNames.SOURCE)))
			.sorted(Comparator.comparingLong(JobExecution::getId).reversed())
			.limit(EXECUTIONS)
			.map(StatusReport::execution)
			.toList();
	}

	private static Execution execution(JobExecution execution) {
		String description = execution.getExitStatus().getExitDescription();
		int newline = description.indexOf('\n');
		return new Execution(execution.getId(), execution.getStatus().name(), execution.getExitStatus().getExitCode(),
				(newline >= 0) ? description.substring(0, newline) : description, text(execution.getStartTime()),
				text(execution.getEndTime()), execution.getJobParameters().getString(JobParameterNames.INPUT));
	}

	/**
	 * An ISO instant, as {@code updated} is: Spring Batch records local times without a zone, in
	 * the zone of the JVM that ran the job, which on one machine is this JVM's.
	 */
	private static String text(LocalDateTime time) {
		return (time != null) ? time.atZone(ZoneId.systemDefault()).toInstant().truncatedTo(ChronoUnit.MILLIS).toString()
				: null;
	}

}

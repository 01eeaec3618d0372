package io.logagg.job;

import io.logagg.config.LogaggProperties;
import io.logagg.snapshot.SnapshotTasklet;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The {@value #JOB_NAME} job of {@code run --all-sources}: step {@value #PARTITION_STEP} runs the
 * aggregate step once per source listed in {@code logagg.sources} (a partition each, with its own
 * reader, checkpoint, lock and transactions), {@code logagg.threads} at a time, then the snapshot
 * step. When a source fails the job ends FAILED naming it, Redis is still made to persist what the
 * others committed ({@link FleetOutcome}), and a restart runs only the failed partitions again.
 */
@Configuration(proxyBeanMethods = false)
@Import(FleetRunner.class)
public class FleetJobConfiguration {

	public static final String JOB_NAME = "logagg-fleet";

	public static final String PARTITION_STEP = "aggregate-sources";

	@Bean
	Job fleetJob(JobRepository jobRepository, Step aggregateSourcesStep, Step snapshotStep, RunMetrics metrics,
			LogaggProperties properties, RedisConnectionFactory connectionFactory) {
		// Not a flow that goes on to the snapshot step after a failed partition: the flow would mark
		// the failed partitioned step ABANDONED, and a restart would never read its sources again.
		return new JobBuilder(JOB_NAME, jobRepository).listener(metrics)
			.listener(new FleetOutcome(SnapshotTasklet.of(properties.snapshot(), connectionFactory)))
			.start(aggregateSourcesStep)
			.next(snapshotStep)
			.build();
	}

	@Bean
	Step aggregateSourcesStep(JobRepository jobRepository, Step aggregateStep, LogaggProperties properties) {
		SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor("logagg-source-");
		threads.setConcurrencyLimit(properties.threads());
		return new StepBuilder(PARTITION_STEP, jobRepository)
			.partitioner(LogaggJobConfiguration.AGGREGATE_STEP, new SourcePartitioner(properties.listedSources()))
			.step(aggregateStep)
			.taskExecutor(threads)
			.gridSize(Math.max(1, properties.listedSources().size()))
			.build();
	}

}

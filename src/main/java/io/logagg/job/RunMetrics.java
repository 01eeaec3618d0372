package io.logagg.job;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.logagg.aggregate.ChunkDelta;
import io.logagg.aggregate.LatencyAggregate;
import io.logagg.checkpoint.CheckpointStore;
import io.logagg.checkpoint.KeyLayout;
import io.logagg.config.LogaggProperties;
import io.logagg.read.InputFiles;
import io.logagg.read.ReadState;
import io.logagg.read.RewrittenFilePolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * logagg's own Micrometer meters, tagged with the source: lines, malformed lines and input bytes
 * committed, chunk commit latency, the last run's outcome and time, and the backlog (input bytes
 * behind the checkpoint, measured when scraped). Served by {@code schedule} next to Spring
 * Batch's own meters. Thread-safe.
 */
@Component
public class RunMetrics implements JobExecutionListener {

	/** The histogram's buckets: Prometheus's defaults, from 5 ms to 10 s. */
	private static final Duration[] DURATION_BUCKETS = { Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
			Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
			Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10) };

	private final LogaggProperties properties;

	private final RedisConnectionFactory connectionFactory;

	private final MeterRegistry registry;

	/** Whether a registry serves the meters: without one, a chunk's meters are not worked out at all. */
	private final boolean exported;

	private final AtomicLong lastRunSuccess = new AtomicLong(-1);

	private final AtomicLong lastRunEnd = new AtomicLong();

	private final AtomicLong lastRunMillis = new AtomicLong();

	/**
	 * @param registries the registry {@code schedule}'s endpoint serves; the other commands start
	 * without Micrometer's auto-configuration, and their meters go nowhere
	 */
	public RunMetrics(ObjectProvider<MeterRegistry> registries, LogaggProperties properties,
			RedisConnectionFactory connectionFactory) {
		MeterRegistry exporting = registries.getIfAvailable();
		this.exported = exporting != null;
		// A composite without members is Micrometer's no-op registry.
		MeterRegistry registry = this.exported ? exporting : new CompositeMeterRegistry();
		this.registry = registry;
		this.properties = properties;
		this.connectionFactory = connectionFactory;
		Tags source = Tags.of("source", properties.source());
		// Registered now, so that they show at 0 before the first chunk; a chunk moves its own source's.
		linesRead(properties.source());
		linesMalformed(properties.source());
		bytesRead(properties.source());
		chunkCommit(properties.source());
		Gauge.builder("logagg.last.run.success", this.lastRunSuccess, AtomicLong::get)
			.description("1 if the last run completed, 0 if not, -1 before the first").tags(source).register(registry);
		Gauge.builder("logagg.last.run.end", this.lastRunEnd, AtomicLong::get)
			.description("end of the last run, epoch seconds").baseUnit("seconds").tags(source).register(registry);
		Gauge.builder("logagg.last.run.duration", this.lastRunMillis, millis -> millis.get() / 1000.0)
			.description("length of the last run").baseUnit("seconds").tags(source).register(registry);
		Gauge.builder("logagg.backlog", this, RunMetrics::backlog)
			.description("input bytes not yet read behind the checkpoint").baseUnit("bytes").tags(source)
			.register(registry);
	}

	/** A run that found nothing new, and so started no job, ended ({@link IdleRun}). */
	public void ranIdle(RunSummary summary) {
		this.lastRunSuccess.set(summary.status() == BatchStatus.COMPLETED ? 1 : 0);
		this.lastRunEnd.set(System.currentTimeMillis() / 1000);
		this.lastRunMillis.set(summary.elapsed().toMillis());
	}

	/**
	 * A chunk of {@code source} was committed; {@code bytesRead} input bytes more are behind the
	 * checkpoint. Its requests per status, response bytes and durations move the aggregate meters,
	 * which carry the chunk's own source, so a run of several sources exports each.
	 */
	public void committed(String source, ChunkDelta delta, long nanos, long bytesRead) {
		if (!this.exported) {
			return;
		}
		linesRead(source).increment(delta.lines() + delta.malformed());
		linesMalformed(source).increment(delta.malformed());
		bytesRead(source).increment(bytesRead);
		chunkCommit(source).record(nanos, TimeUnit.NANOSECONDS);
		delta.statusCounts().forEach((status, count) -> Counter.builder("logagg.requests")
			.description("requests committed, per status code")
			.tags("source", source, "status", status)
			.register(this.registry)
			.increment(count));
		Counter.builder("logagg.response.bytes").description("response bytes of the requests committed").tags("source", source)
			.register(this.registry).increment(delta.bytes());
		Map<Integer, Long> durations = delta.durationBuckets();
		if (!durations.isEmpty()) {
			Timer duration = Timer.builder("logagg.request.duration")
				.description("durations of the requests committed")
				.tags("source", source)
				.serviceLevelObjectives(DURATION_BUCKETS)
				.register(this.registry);
			durations.forEach((bucket, count) -> {
				long micros = Math.round(LatencyAggregate.MAPPING.value(bucket));
				for (long i = 0; i < count; i++) {
					duration.record(micros, TimeUnit.MICROSECONDS);
				}
			});
		}
	}

	private Counter linesRead(String source) {
		return Counter.builder("logagg.lines.read").description("lines committed, malformed included").tags("source", source)
			.register(this.registry);
	}

	private Counter linesMalformed(String source) {
		return Counter.builder("logagg.lines.malformed").description("malformed lines committed").tags("source", source)
			.register(this.registry);
	}

	private Counter bytesRead(String source) {
		return Counter.builder("logagg.bytes.read").description("input bytes behind committed chunks").baseUnit("bytes")
			.tags("source", source).register(this.registry);
	}

	private Timer chunkCommit(String source) {
		return Timer.builder("logagg.chunk.commit").description("one chunk's Redis transaction, retries included")
			.tags("source", source).publishPercentiles(0.5, 0.99).register(this.registry);
	}

	@Override
	public void afterJob(JobExecution execution) {
		this.lastRunSuccess.set(execution.getStatus() == BatchStatus.COMPLETED ? 1 : 0);
		this.lastRunEnd.set(System.currentTimeMillis() / 1000);
		if (execution.getStartTime() != null && execution.getEndTime() != null) {
			this.lastRunMillis.set(Duration.between(execution.getStartTime(), execution.getEndTime()).toMillis());
		}
	}

	/** Bytes of the matching files from the checkpoint on; NaN if the input or Redis cannot be read. */
	double backlog() {
		Path input = this.properties.input();
		if (input == null) {
			return Double.NaN;
		}
		try {
			ReadState state;
			try (CheckpointStore store = new CheckpointStore(this.connectionFactory, new KeyLayout(this.properties.source()))) {
				state = store.readState();
			}
			InputFiles.Listing files = InputFiles.listing(input, this.properties.pattern(), this.properties.recursive(),
					this.properties.dataDir());
			return LogaggJobConfiguration.planner(this.properties, input, RewrittenFilePolicy.REREAD)
				.plan(files, state)
				.total();
		}
		catch (IOException | RuntimeException ex) {
			return Double.NaN;
		}
	}

}

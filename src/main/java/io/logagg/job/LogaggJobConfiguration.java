package io.logagg.job;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;

import io.logagg.aggregate.FirstChunkCheck;
import io.logagg.aggregate.AggregateSettings;
import io.logagg.aggregate.Aggregates;
import io.logagg.aggregate.PendingFold;
import io.logagg.aggregate.AggregatingItemWriter;
import io.logagg.aggregate.ChunkDelta;
import io.logagg.aggregate.ChunkDeltaReader;
import io.logagg.checkpoint.CheckpointStore;
import io.logagg.checkpoint.KeyLayout;
import io.logagg.checkpoint.RedisRetry;
import io.logagg.config.InvalidSettingException;
import io.logagg.config.LogaggProperties;
import io.logagg.filter.ClientFilter;
import io.logagg.filter.CrawlerFilter;
import io.logagg.filter.LineFilter;
import io.logagg.filter.LineFilters;
import io.logagg.filter.ReferrerFilter;
import io.logagg.filter.StaticFilesFilter;
import io.logagg.filter.StatusFilter;
import io.logagg.parse.AnonymizingParser;
import io.logagg.parse.TimeZoneParser;
import io.logagg.parse.LogField;
import io.logagg.parse.FormatSpec;
import io.logagg.parse.LineParser;
import io.logagg.read.CountedTimes;
import io.logagg.read.LogFileItemReader;
import io.logagg.read.LogFileItemReader.FileSelection;
import io.logagg.read.LogFileItemReader.LineLimits;
import io.logagg.read.ReadPlanner;
import io.logagg.read.ReadState;
import io.logagg.read.RewrittenFilePolicy;
import io.logagg.snapshot.SnapshotTasklet;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.StepListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.ChunkOrientedStepBuilder;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchDataSource;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchDataSourceScriptDatabaseInitializer;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Scope;
import org.springframework.context.annotation.ScopedProxyMode;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@value #JOB_NAME} job: step {@value #AGGREGATE_STEP} reads, parses and commits chunks with
 * their checkpoint; step {@value #SNAPSHOT_STEP} makes Redis persist. The aggregate step's items
 * are {@link ChunkDelta}s of {@code logagg.chunk-size} lines, each committed to Redis in its own
 * transaction; Spring Batch updates the job repository once per
 * {@code logagg.chunks-per-update} of them. The per-run parts (reader,
 * writer, checkpoint store) are step-scoped, built from the job parameters, so that a restart
 * through the JobOperator rebuilds them for the same source and input; in a partition of
 * {@link FleetJobConfiguration}'s job the step execution context names the source instead.
 */
@Configuration(proxyBeanMethods = false)
@Import({ JobRepositoryDataSourceConfiguration.class, LogaggJobRunner.class, IdleRun.class, RunPreconditions.class, RunMetrics.class,
		StopRequests.class, SourcePartitionGuard.class, JobHistoryRetention.class, SourceReset.class })
public class LogaggJobConfiguration {

	public static final String JOB_NAME = "logagg";

	public static final String AGGREGATE_STEP = "aggregate";

	public static final String SNAPSHOT_STEP = "snapshot";

	/**
	 * The source a step-scoped bean serves: its partition's, in the job of several sources, else
	 * the job's.
	 */
	private static final String STEP_SOURCE = "#{stepExecutionContext['" + JobParameterNames.SOURCE + "'] ?: jobParameters['"
			+ JobParameterNames.SOURCE + "']}";

	@Bean
	BatchDataSourceScriptDatabaseInitializer batchDataSourceInitializer(DataSource dataSource,
			@BatchDataSource ObjectProvider<DataSource> batchDataSource, BatchJdbcProperties properties) {
		return new JobRepositorySchemaInitializer(batchDataSource.getIfAvailable(() -> dataSource), properties);
	}

	@Bean
	Job logaggJob(JobRepository jobRepository, Step aggregateStep, Step snapshotStep, RunMetrics metrics) {
		return new JobBuilder(JOB_NAME, jobRepository).listener(metrics).start(aggregateStep).next(snapshotStep).build();
	}

	@Bean
	Step aggregateStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			LogaggProperties properties, ItemStreamReader<ChunkDelta> chunkDeltaReader,
			ItemStreamWriter<ChunkDelta> aggregatingItemWriter, ObjectProvider<StepListener> listeners) {
		// Items are whole chunks of lines; one job-repository update covers several of them.
		ChunkOrientedStepBuilder<ChunkDelta, ChunkDelta> step = new StepBuilder(AGGREGATE_STEP, jobRepository)
			.<ChunkDelta, ChunkDelta>chunk(properties.chunksPerUpdate())
			.transactionManager(transactionManager)
			.reader(chunkDeltaReader)
			.writer(aggregatingItemWriter);
		listeners.orderedStream().forEach(step::listener);
		return step.build();
	}

	/**
	 * Step-scoped beans: the reader and writer, which the step holds from its start, are interface
	 * proxies that resolve once the step runs; the beans only they use are not proxied at all. A
	 * class-based proxy ({@code @StepScope}'s) is a class generated at every start: 45 ms of a
	 * tick for four of them.
	 */
	private static final String STEP = "step";

	@Bean
	@Scope(value = STEP, proxyMode = ScopedProxyMode.NO)
	CheckpointStore checkpointStore(RedisConnectionFactory connectionFactory, LogaggProperties properties,
			@Value(STEP_SOURCE) String source) {
		LogaggProperties.Redis redis = properties.redis();
		return new CheckpointStore(connectionFactory, new KeyLayout(source), new RedisRetry(redis.retry()),
				redis.waitReplicas(), redis.waitTimeout().toMillis(), redis.waitAttempts());
	}

	/**
	 * The line reader is not a bean of its own: the read-ahead thread uses it, and a step-scoped
	 * proxy only resolves on the step's thread.
	 */
	@Bean
	@Scope(value = STEP, proxyMode = ScopedProxyMode.INTERFACES)
	ChunkDeltaReader chunkDeltaReader(LogaggProperties properties, CheckpointStore checkpointStore, RunProgress progress,
			@Value("#{stepExecutionContext['" + JobParameterNames.INPUT + "'] ?: jobParameters['" + JobParameterNames.INPUT + "']}") String input,
			@Value("#{stepExecutionContext['" + JobParameterNames.PATTERN + "'] ?: jobParameters['" + JobParameterNames.PATTERN + "']}") String pattern,
			@Value("#{stepExecutionContext['" + JobParameterNames.FORMAT + "'] ?: jobParameters['" + JobParameterNames.FORMAT + "'] ?: '"
					+ FormatSpec.DEFAULT + "'}") String format,
			@Value("#{stepExecutionContext['" + JobParameterNames.SOURCE + "'] != null}") boolean partition) {
		LogFileItemReader lines = lineReader(properties, Path.of(input), pattern, format, properties.onRewrittenFile(),
				checkpointStore::readState);
		return new ChunkDeltaReader(lines, properties.chunkSize(), properties.chunkGrowth(), sharingTheHeap(properties, partition),
				Aggregates.forFormat(lines.fields(), aggregateSettings(properties)), filters(properties, lines.fields()),
				progress::planned);
	}

	/**
	 * The filters the settings ask for, in the order they are asked.
	 * @throws InvalidSettingException if the format lacks a field a filter reads
	 */
	static LineFilters filters(LogaggProperties properties, Set<LogField> fields) {
		List<LineFilter> filters = new ArrayList<>();
		LogaggProperties.Filter filter = properties.filter();
		if (!filter.ignoreClients().isEmpty()) {
			filters.add(new ClientFilter(filter.ignoreClients()));
		}
		if (!filter.ignoreStatus().isEmpty()) {
			filters.add(new StatusFilter(filter.ignoreStatus()));
		}
		if (filter.ignoreStatics()) {
			filters.add(new StaticFilesFilter());
		}
		if (!filter.ignoreReferrers().isEmpty()) {
			filters.add(new ReferrerFilter(filter.ignoreReferrers()));
		}
		if (properties.crawlers() != LogaggProperties.Crawlers.COUNT) {
			filters.add(new CrawlerFilter(properties.crawlers() == LogaggProperties.Crawlers.ONLY));
		}
		LineFilters all = new LineFilters(filters);
		try {
			all.requireFields(fields);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidSettingException(ex.getMessage(), ex);
		}
		return all;
	}

	/** The checks of a run's first chunk, which read what the source was counted with once between them. */
	static FirstChunkCheck firstChunkChecks(StringRedisTemplate redis, KeyLayout keys, String format, LogaggProperties properties) {
		CountedSource[] read = new CountedSource[1];
		java.util.function.Supplier<CountedSource> source = () -> {
			if (read[0] == null) {
				read[0] = CountedSource.read(redis, keys);
			}
			return read[0];
		};
		return FirstChunkCheck.all(new FormatCheck(source, keys, format), new TimeZoneCheck(source, keys, properties.zone()));
	}

	/** What the aggregates keep, from the settings. */
	static AggregateSettings aggregateSettings(LogaggProperties properties) {
		return new AggregateSettings(properties.malformed().keep(), properties.visitors().count4xx(),
				properties.retention().minutes(), properties.retention().days(), properties.panel().maxDistinct(),
				Set.copyOf(properties.panel().names()), properties.privacy().level());
	}

	/** The job's line reader, built from the settings; {@link IdleRun} opens one too. */
	static LogFileItemReader lineReader(LogaggProperties properties, Path input, String pattern, String format,
			RewrittenFilePolicy rewrittenFilePolicy, Supplier<ReadState> start) {
		LineParser parser = FormatSpec.compile(format, properties.formatOptions());
		if (properties.privacy().level() > 0) {
			parser = new AnonymizingParser(parser, properties.privacy().level());
		}
		if (!properties.zone().normalized().equals(ZoneOffset.UTC)) {
			parser = new TimeZoneParser(parser, properties.zone());
		}
		return new LogFileItemReader(input, new FileSelection(pattern, properties.recursive(), properties.dataDir()), parser,
				new LineLimits(properties.maxLineBytes(), properties.readBufferBytes(), CountedTimes.fromNow()),
				planner(properties, input, rewrittenFilePolicy), start);
	}

	/** How the job works out what to read in {@code input}. */
	static ReadPlanner planner(LogaggProperties properties, Path input, RewrittenFilePolicy rewrittenFilePolicy) {
		return new ReadPlanner(input, rewrittenFilePolicy, properties.forgetFilesAfter(), System::currentTimeMillis);
	}

	/** One per step execution; closed (the bar finished) when the step ends. */
	@Bean(destroyMethod = "close")
	@Scope(value = STEP, proxyMode = ScopedProxyMode.NO)
	RunProgress runProgress(LogaggProperties properties) {
		return RunProgress.forThisProcess(properties.progressInterval());
	}

	@Bean
	@Scope(value = STEP, proxyMode = ScopedProxyMode.INTERFACES)
	AggregatingItemWriter aggregatingItemWriter(CheckpointStore checkpointStore, RunProgress progress,
			RunMetrics metrics, StringRedisTemplate redis, LogaggProperties properties,
			@Value(STEP_SOURCE) String source,
			@Value("#{stepExecutionContext['" + JobParameterNames.FORMAT + "'] ?: jobParameters['" + JobParameterNames.FORMAT + "'] ?: '"
					+ FormatSpec.DEFAULT + "'}") String format,
			@Value("#{stepExecutionContext['" + JobParameterNames.SOURCE + "'] != null}") boolean partition) {
		return new AggregatingItemWriter(checkpointStore, (delta, nanos) -> {
			long before = progress.bytesDone();
			progress.committed(delta);
			metrics.committed(source, delta, nanos, progress.bytesDone() - before);
		}, firstChunkChecks(redis, new KeyLayout(source), format, properties), new PendingFold(aggregateSettings(properties),
				properties.fold().maxPendingBytes().toBytes(), properties.fold().maxPendingAge(), sharingTheHeap(properties, partition)));
	}

	/**
	 * How many sources' steps share the heap at once: a fleet's partitions read up to
	 * {@code logagg.threads} sources together, and each one's read-ahead and held days take a share.
	 */
	private static int sharingTheHeap(LogaggProperties properties, boolean partition) {
		return partition ? Math.max(1, Math.min(properties.threads(), properties.listedSources().size())) : 1;
	}

	@Bean
	Step snapshotStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			LogaggProperties properties, RedisConnectionFactory connectionFactory, StopRequests stopRequests) {
		// Run again on every restart: a restart of several sources commits again after an earlier save.
		return new StepBuilder(SNAPSHOT_STEP, jobRepository)
			.allowStartIfComplete(true)
			.tasklet(SnapshotTasklet.of(properties.snapshot(), connectionFactory), transactionManager)
			.listener(stopRequests)
			.build();
	}

}

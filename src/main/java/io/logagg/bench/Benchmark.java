package io.logagg.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;

import io.logagg.job.LogaggJobRunner;
import io.logagg.job.RunSummary;
import io.logagg.parse.CombinedLogParser;
import io.logagg.read.FileIdentity;
import io.logagg.read.FilePosition;
import io.logagg.read.LogFileItemReader;
import io.logagg.read.RewrittenFilePolicy;
import io.logagg.redis.RedisServerBinary;
import io.logagg.redis.RedisServerProcess;

import redis.clients.jedis.Jedis;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The benchmark behind {@code logagg bench}: generates a data set deterministically, starts a
 * private Redis, runs the real job on it (same code path as {@code run}) and reports lines/s and
 * MB/s from job start to the end of the snapshot step; then times a resume at 10 % and 90 % of a
 * large file, and reports the peak heap. Not a test: it measures, it asserts nothing.
 */
public final class Benchmark {

	/**
	 * What to measure.
	 *
	 * @param lines lines in the data set
	 * @param files files they are spread over
	 * @param runs job runs, each on a fresh source
	 * @param resumeFileMegabytes size of the file for the resume timings; 0 skips them
	 * @param workDirectory where data and Redis files go
	 * @param redisOptions {@code redis-server} settings, {@code name=value} ({@code appendonly=yes})
	 * @param replica whether to start a replica and run with {@code logagg.redis.wait-replicas=1}
	 * @param freshJvm whether each run is a {@code logagg run} in a new JVM, as cron starts it
	 * @param jobSettings {@code --name=value} settings a run in a new JVM is given too
	 * @param layout the format the data set is written in
	 */
	public record Settings(long lines, int files, int runs, int resumeFileMegabytes, Path workDirectory,
			List<String> redisOptions, boolean replica, boolean freshJvm, List<String> jobSettings, LineLayout layout) {

		public Settings {
			redisOptions = List.copyOf(redisOptions);
			jobSettings = List.copyOf(jobSettings);
			for (String option : redisOptions) {
				if (option.indexOf('=') < 1) {
					throw new IllegalArgumentException("takes NAME=VALUE (appendfsync=always), not '" + option + "'");
				}
			}
		}

		/** The options as {@code redis-server} arguments, after the benchmark's own defaults. */
		List<String> redisArguments() {
			List<String> arguments = new ArrayList<>(NO_PERSISTENCE);
			for (String option : this.redisOptions) {
				arguments.add("--" + option.substring(0, option.indexOf('=')));
				arguments.add(option.substring(option.indexOf('=') + 1));
			}
			return arguments;
		}

	}

	/** The private servers keep nothing on disk unless {@code --redis-option} says otherwise. */
	private static final List<String> NO_PERSISTENCE = List.of("--save", "", "--appendonly", "no");

	private final Settings settings;

	private final PrintWriter out;

	public Benchmark(Settings settings, PrintWriter out) {
		this.settings = settings;
		this.out = out;
	}

	/**
	 * Runs the benchmark.
	 * @param contexts starts an application context with extra {@code --name=value} settings
	 */
	public void run(Function<List<String>, ConfigurableApplicationContext> contexts) throws Exception {
		Path data = this.settings.workDirectory().resolve("data");
		long bytes = generate(data);
		this.out.printf(Locale.ROOT, "data set: %,d lines in %d files, %.1f MB (generated, seed fixed), format %s%n",
				this.settings.lines(), this.settings.files(), bytes / 1e6, this.settings.layout().format());
		this.out.flush();
		Path redisDirectory = this.settings.workDirectory().resolve("redis");
		Path binary = RedisServerBinary.locate(redisDirectory.resolve("bin"));
		try (RedisServerProcess redis = RedisServerProcess.startOnFreePort(
				(port) -> new RedisServerProcess(binary, redisDirectory, port, this.settings.redisArguments()));
				RedisServerProcess replica = this.settings.replica() ? replicaOf(redis, binary) : null) {
			this.out.printf(Locale.ROOT, "redis: private redis-server on 127.0.0.1:%d%s%s%n", redis.port(),
					this.settings.redisOptions().isEmpty() ? "" : ", " + String.join(" ", this.settings.redisOptions()),
					(replica != null) ? ", replica on 127.0.0.1:" + replica.port() + " (logagg.redis.wait-replicas=1)" : "");
			List<Double> rates = new ArrayList<>();
			List<Double> idleSeconds = new ArrayList<>();
			for (int run = 1; run <= this.settings.runs(); run++) {
				List<String> runSettings = new ArrayList<>(List.of("--spring.data.redis.url=redis://127.0.0.1:" + redis.port(),
						"--logagg.input=" + data, "--logagg.source=bench-" + run,
						"--logagg.data-dir=" + this.settings.workDirectory().resolve("jobs"), "--logging.level.io.logagg=warn",
						"--logagg.format=" + this.settings.layout().format()));
				if (replica != null) {
					runSettings.add("--logagg.redis.wait-replicas=1");
				}
				Measured measured = this.settings.freshJvm() ? inNewJvm(run, runSettings) : inThisJvm(contexts, runSettings);
				double rate = measured.lines() / measured.seconds();
				rates.add(rate);
				if (!Double.isNaN(measured.idleWallSeconds())) {
					idleSeconds.add(measured.idleWallSeconds());
				}
				this.out.printf(Locale.ROOT, "run %d: %s, %,d lines (%,d malformed) in %.3f s = %,.0f lines/s, %.1f MB/s, %s%n",
						run, measured.status(), measured.lines(), measured.malformed(), measured.seconds(), rate,
						bytes / 1e6 / measured.seconds(), measured.detail());
				this.out.flush();
			}
			rates.sort(null);
			this.out.printf(Locale.ROOT, "lines/s: best %,.0f, median %,.0f%n", rates.get(rates.size() - 1),
					rates.get(rates.size() / 2));
			if (!idleSeconds.isEmpty()) {
				idleSeconds.sort(null);
				this.out.printf(Locale.ROOT, "idle run (nothing new, new JVM): best %.2f s, median %.2f s with start-up%n",
						idleSeconds.get(0), idleSeconds.get(idleSeconds.size() / 2));
			}
		}
		if (this.settings.resumeFileMegabytes() > 0) {
			resumeTimes();
		}
		this.out.printf(Locale.ROOT, "heap: max %.0f MB%n", Runtime.getRuntime().maxMemory() / 1e6);
		this.out.flush();
	}

	/** One run in this JVM, warmed by generating the data; its peak heap is known here. */
	private Measured inThisJvm(Function<List<String>, ConfigurableApplicationContext> contexts, List<String> runSettings)
			throws Exception {
		resetPeakHeap();
		RunSummary summary;
		try (ConfigurableApplicationContext context = contexts.apply(runSettings)) {
			summary = context.getBean(LogaggJobRunner.class).run();
		}
		return new Measured(summary.status().toString(), summary.lines() + summary.malformed(), summary.malformed(),
				summary.elapsed().toNanos() / 1e9, String.format(Locale.ROOT, "peak heap %.0f MB", peakHeap() / 1e6),
				Double.NaN);
	}

	/**
	 * One run as {@code logagg run} in a new JVM, as cron starts it, then the cron tick after it: a
	 * second run of the same source, which has nothing new to read.
	 */
	private Measured inNewJvm(int run, List<String> runSettings) throws IOException, InterruptedException {
		List<String> arguments = new ArrayList<>(this.settings.jobSettings());
		arguments.addAll(runSettings);
		Path runs = Files.createDirectories(this.settings.workDirectory().resolve("runs"));
		ColdRun.Result result = ColdRun.run(arguments, runs.resolve("run-" + run));
		ColdRun.Result idle = ColdRun.run(arguments, runs.resolve("idle-" + run));
		if (idle.lines() != 0) {
			throw new IllegalStateException("the run after run " + run + " read " + idle.lines()
					+ " lines again; it should have found nothing new");
		}
		return new Measured(result.status(), result.lines(), result.malformed(), result.seconds(), String.format(Locale.ROOT,
				"new JVM, %.2f s with its start-up; the idle run after it %.2f s", result.wallSeconds(), idle.wallSeconds()),
				idle.wallSeconds());
	}

	/**
	 * What one run measured.
	 *
	 * @param status the job's status
	 * @param lines lines read, malformed included
	 * @param malformed of those, the lines the format did not read
	 * @param seconds the job's time, from its start to the end of the snapshot step
	 * @param detail what else was measured, for the run's line
	 * @param idleWallSeconds the wall time of a run with nothing new after it, JVM start included;
	 * NaN if not measured
	 */
	private record Measured(String status, long lines, long malformed, double seconds, String detail, double idleWallSeconds) {
	}

	/** A replica of {@code master}, returned once its link is up so that WAIT can count it. */
	private RedisServerProcess replicaOf(RedisServerProcess master, Path binary) throws IOException {
		Path directory = this.settings.workDirectory().resolve("replica");
		RedisServerProcess replica = RedisServerProcess.startOnFreePort((port) -> new RedisServerProcess(binary, directory, port,
				Stream.concat(NO_PERSISTENCE.stream(), Stream.of("--replicaof", "127.0.0.1", Integer.toString(master.port())))
					.toList()));
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		try (Jedis jedis = new Jedis("127.0.0.1", replica.port())) {
			while (!jedis.info("replication").contains("master_link_status:up")) {
				if (System.nanoTime() > deadline) {
					replica.close();
					throw new IllegalStateException("the benchmark's replica did not connect to its master within 30 s");
				}
				sleep(10);
			}
		}
		return replica;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	private long generate(Path data) throws IOException {
		Files.createDirectories(data);
		long perFile = this.settings.lines() / this.settings.files();
		long bytes = 0;
		for (int i = 0; i < this.settings.files(); i++) {
			Path file = data.resolve(String.format("access-%02d.log", i));
			long lines = (i == this.settings.files() - 1) ? this.settings.lines() - perFile * i : perFile;
			new AccessLogGenerator(7000 + i, ZonedDateTime.parse("2026-11-20T00:00:00Z").plusDays(i), 0.001).write(file, lines,
					this.settings.layout());
			bytes += Files.size(file);
		}
		return bytes;
	}

	/** Time from opening the reader at a checkpoint to its first line, at 10 % and 90 % of a big file. */
	private void resumeTimes() throws IOException {
		Path directory = this.settings.workDirectory().resolve("resume");
		Files.createDirectories(directory);
		Path file = directory.resolve("big.log");
		long target = this.settings.resumeFileMegabytes() * 1_000_000L;
		AccessLogGenerator generator = new AccessLogGenerator(9000, ZonedDateTime.parse("2026-11-20T00:00:00Z"), 0);
		try (var writer = Files.newBufferedWriter(file, java.nio.charset.StandardCharsets.ISO_8859_1)) {
			long written = 0;
			while (written < target) {
				String line = generator.nextLine();
				writer.write(line);
				writer.write('\n');
				written += line.length() + 1;
			}
		}
		this.out.printf(Locale.ROOT, "resume: %.0f MB file%n", Files.size(file) / 1e6);
		for (double fraction : new double[] { 0.1, 0.9, 0.1, 0.9 }) {
			FilePosition checkpoint = checkpointNear(file, fraction);
			long start = System.nanoTime();
			LogFileItemReader reader = new LogFileItemReader(directory, new LogFileItemReader.FileSelection("big.log", false),
					new CombinedLogParser(), new LogFileItemReader.LineLimits(65536, 1 << 20), RewrittenFilePolicy.REREAD,
					() -> checkpoint);
			reader.open(new ExecutionContext());
			reader.read();
			double millis = (System.nanoTime() - start) / 1e6;
			reader.close();
			this.out.printf(Locale.ROOT, "resume at %2.0f%% (offset %,d): %.2f ms to the first line%n", fraction * 100,
					checkpoint.offset(), millis);
		}
		Files.delete(file);
	}

	private static FilePosition checkpointNear(Path file, double fraction) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			long offset = (long) (channel.size() * fraction);
			java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(4096);
			channel.read(buffer, offset);
			buffer.flip();
			while (buffer.hasRemaining() && buffer.get() != '\n') {
				offset++;
			}
			return new FilePosition(file.getFileName().toString(), offset + 1, FileIdentity.of(channel));
		}
	}

	private static void resetPeakHeap() {
		System.gc();
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP) {
				pool.resetPeakUsage();
			}
		}
	}

	/** Sum of the heap pools' peaks: an upper bound of the heap in use at any one time. */
	private static long peakHeap() {
		long peak = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP) {
				peak += pool.getPeakUsage().getUsed();
			}
		}
		return peak;
	}

}

package io.logagg.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server's log directory ({@code nginx/}, its live log {@code access.log}) and a data directory
 * under a test's work directory, and {@code logagg run} over them with the default pattern, into
 * one test Redis without persistence.
 */
public final class LogJob {

	private final Path logs;

	private final Path data;

	private final RedisServerExtension redis;

	public LogJob(Path work, RedisServerExtension redis) throws IOException {
		this.logs = Files.createDirectories(work.resolve("nginx"));
		this.data = Files.createDirectories(work.resolve("data"));
		this.redis = redis;
	}

	/** The input directory. */
	public Path logs() {
		return this.logs;
	}

	/** The live log. */
	public Path log() {
		return this.logs.resolve("access.log");
	}

	/**
	 * The arguments of a run, and these. The all-time paths keep every path (a bound far above the
	 * lines any test writes): a path per line is these tests' witness that each line counted once.
	 */
	public List<String> args(String... extra) {
		List<String> args = new ArrayList<>(List.of("run", "--input", this.logs.toString(), "--redis-url", this.redis.url(),
				"--data-dir", this.data.toString(), "--logagg.snapshot.mode=none", "--logagg.panel.max-distinct=10000000"));
		args.addAll(List.of(extra));
		return args;
	}

	/** A run in this JVM, which must succeed. */
	public CliRun run(String... extra) {
		CliRun run = CliRun.of(args(extra).toArray(String[]::new));
		assertThat(run.code()).as(run.toString()).isZero();
		return run;
	}

}

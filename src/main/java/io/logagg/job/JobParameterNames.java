package io.logagg.job;

/** Names of the job parameters; together they identify a job instance. */
public final class JobParameterNames {

	/** The source name (Redis key namespace). */
	public static final String SOURCE = "source";

	/** Absolute path of the input directory. */
	public static final String INPUT = "input";

	/** Glob for file names. */
	public static final String PATTERN = "pattern";

	/**
	 * The log format ({@code logagg.format}); absent in executions of versions before formats,
	 * which read {@code combined}.
	 */
	public static final String FORMAT = "format";

	/** Launch time in epoch milliseconds: makes every {@code run} a new job instance. */
	public static final String RUN_ID = "run.id";

	private JobParameterNames() {
	}

}

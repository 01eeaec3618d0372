package io.logagg.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;

import io.logagg.config.InvalidSettingException;
import io.logagg.config.RedisUrl;
import io.logagg.config.SettingFailure;
import io.logagg.lock.SourceLockedException;
import io.logagg.redis.RedisRefusal;
import picocli.CommandLine;

import org.springframework.boot.context.properties.bind.BindException;

/**
 * The exit codes of every command, and the one place that maps a failure to its code and its
 * one-line message on stderr (a stack trace only with {@code --verbose}).
 */
public final class ExitCodes {

	/** Success, also when there was nothing new to read. */
	public static final int OK = 0;

	/** The job failed; the checkpoint stays at the last committed chunk. */
	public static final int JOB_FAILED = 1;

	/** Bad usage or configuration: unknown option, missing input directory, unreachable Redis. */
	public static final int USAGE = 2;

	/** Another run holds the source's lock; nothing was touched. */
	public static final int LOCKED = 3;

	/** {@code run} stopped by SIGINT (Ctrl-C): 128 + 2, as shells report it. */
	public static final int INTERRUPTED = 130;

	/** {@code run} stopped by SIGHUP: 128 + 1. */
	public static final int HANGUP = 129;

	/** {@code run} stopped by SIGTERM: 128 + 15. */
	public static final int TERMINATED = 143;

	private ExitCodes() {
	}

	/** Prints a failure in one line and returns its exit code. */
	static int report(Throwable failure, PrintWriter err, boolean verbose) {
		// Whatever a message quotes, a Redis URL's password never reaches the output.
		String message = SettingFailure.of(failure).orElseGet(() -> FailureMessage.of(failure));
		err.println("logagg: " + RedisUrl.mask(message));
		if (verbose) {
			StringWriter trace = new StringWriter();
			failure.printStackTrace(new PrintWriter(trace));
			err.print(RedisUrl.mask(trace.toString()));
		}
		err.flush();
		return code(failure);
	}

	private static int code(Throwable failure) {
		Optional<RedisRefusal> refusal = RedisRefusal.of(failure);
		if (refusal.isPresent()) {
			return refusal.get().configuration() ? USAGE : JOB_FAILED;
		}
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			if (cause instanceof SourceLockedException) {
				return LOCKED;
			}
		}
		return isUsage(failure) ? USAGE : JOB_FAILED;
	}

	private static boolean isUsage(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidSettingException || cause instanceof BindException
					|| cause instanceof CommandLine.ParameterException) {
				return true;
			}
			// --metrics-port taken by another process: the setting, not the job, is at fault.
			if (cause.getClass().getSimpleName().equals("PortInUseException")) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

}

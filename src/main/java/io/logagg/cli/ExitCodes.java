package io.logagg.cli;

import java.io.PrintWriter;

import io.logagg.config.InvalidSettingException;
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

	private ExitCodes() {
	}

	/** Prints a failure in one line and returns its exit code. */
	static int report(Throwable failure, PrintWriter err, boolean verbose) {
		err.println("logagg: " + FailureMessage.of(failure));
		if (verbose) {
			failure.printStackTrace(err);
		}
		err.flush();
		return isUsage(failure) ? USAGE : JOB_FAILED;
	}

	private static boolean isUsage(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidSettingException || cause instanceof BindException
					|| cause instanceof CommandLine.ParameterException) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

}

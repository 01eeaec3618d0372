package io.logagg.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import io.logagg.cli.LogaggCli;

/**
 * One in-process run of the command line, with what it printed.
 *
 * @param code the exit code
 * @param out what went to stdout
 * @param err what went to stderr
 */
public record CliRun(int code, String out, String err) {

	/** Runs {@code logagg args...} with extra Spring configuration classes in its context. */
	public static CliRun of(Class<?>[] extraSources, String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = new LogaggCli(new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8), extraSources).run(args);
		return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	/** Runs {@code logagg args...}. */
	public static CliRun of(String... args) {
		return of(new Class<?>[0], args);
	}

	@Override
	public String toString() {
		return "exit " + this.code + "\n--- stdout\n" + this.out + "--- stderr\n" + this.err;
	}

}

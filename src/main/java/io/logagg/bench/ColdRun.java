package io.logagg.bench;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.logagg.LogaggApplication;

/**
 * One {@code logagg run} in a new JVM, as cron starts it: Spring starts from nothing and the JIT
 * compiles while the job runs, which a run inside the benchmark's own JVM, warmed by generating
 * the data, does not show. The job's time is read from the summary line the run prints.
 */
final class ColdRun {

	private static final Pattern SUMMARY = Pattern
		.compile("status=(\\S+) files=\\d+ lines=(\\d+) malformed=(\\d+) bytes=\\d+ seconds=([0-9.]+)");

	/** Options of this JVM a run should share (heap, CDS archive, compiler), not its tooling. */
	private static final List<String> NOT_INHERITED = List.of("-XX:ArchiveClassesAtExit", "-XX:StartFlightRecording",
			"-agentlib", "-agentpath", "-javaagent", "-Xlog", "-Xdebug", "-Xrunjdwp");

	private ColdRun() {
	}

	/**
	 * Runs {@code logagg run arguments...} in a new JVM with this JVM's heap and compiler options.
	 * @param output where the run's stdout and stderr go ({@code .out}, {@code .err} added)
	 * @throws IllegalStateException if the run does not exit 0 or prints no summary
	 */
	static Result run(List<String> arguments, Path output) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
			if (NOT_INHERITED.stream().noneMatch(option::startsWith)) {
				command.add(option);
			}
		}
		String classPath = System.getProperty("java.class.path");
		if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
			// java -jar logagg.jar: Spring Boot's launcher finds the nested jars.
			command.addAll(List.of("-jar", classPath));
		}
		else {
			command.addAll(List.of("-cp", classPath, LogaggApplication.class.getName()));
		}
		command.add("run");
		command.addAll(arguments);
		Path out = Path.of(output + ".out");
		Path err = Path.of(output + ".err");
		long start = System.nanoTime();
		Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
		if (!process.waitFor(30, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new IllegalStateException("a run in a new JVM did not end within 30 minutes; see " + err);
		}
		double wallSeconds = (System.nanoTime() - start) / 1e9;
		String printed = Files.readString(out, StandardCharsets.UTF_8);
		Matcher summary = SUMMARY.matcher(printed);
		if (process.exitValue() != 0 || !summary.find()) {
			throw new IllegalStateException("a run in a new JVM exited " + process.exitValue() + ": "
					+ Files.readString(err, StandardCharsets.UTF_8).strip().lines().reduce((first, last) -> last).orElse(""));
		}
		return new Result(summary.group(1), Long.parseLong(summary.group(2)) + Long.parseLong(summary.group(3)),
				Long.parseLong(summary.group(3)), Double.parseDouble(summary.group(4)), wallSeconds);
	}

	/**
	 * @param status the job's status
	 * @param lines lines read, malformed included
	 * @param malformed of those, the lines the format did not read
	 * @param seconds the job's time, from its start to the end of the snapshot step
	 * @param wallSeconds the process's time, JVM and Spring start-up included
	 */
	record Result(String status, long lines, long malformed, double seconds, double wallSeconds) {
	}

}

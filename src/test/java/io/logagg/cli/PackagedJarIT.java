package io.logagg.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.logagg.support.LogaggProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar that {@code mvn package} builds, run as the README's first command runs it: the other
 * tests use the class path, so a packaging mistake (a nested library missing, a resource left out)
 * would pass them. Runs in Maven's integration-test phase, after the jar is built.
 */
class PackagedJarIT {

	private static final Path JAR = Path.of("target", "logagg.jar");

	private static final Duration TIMEOUT = Duration.ofSeconds(120);

	@TempDir
	Path data;

	@TempDir
	Path logs;

	private LogaggProcess run() throws Exception {
		LogaggProcess run = LogaggProcess.startJar(this.logs, JAR, "run", "--input", "sample-logs", "--data-dir",
				this.data.toString());
		assertThat(run.waitFor(TIMEOUT)).as(run.err()).isZero();
		return run;
	}

	/**
	 * The launcher, in cron's environment (no LANG, a bare PATH, JAVA_HOME naming this JVM): it finds
	 * the jar and sets a UTF-8 locale, so a non-ASCII file name is read like any other.
	 */
	@Test
	void theLauncherRunsTheJarWithAUtf8LocaleWhereTheEnvironmentHasNone(@TempDir Path input) throws Exception {
		try (var samples = Files.list(Path.of("sample-logs"))) {
			for (Path sample : samples.toList()) {
				Files.copy(sample, input.resolve("zé-" + sample.getFileName()));
			}
		}
		LogaggProcess run = LogaggProcess.startLauncher(this.logs,
				Map.of("PATH", "/usr/bin:/bin", "JAVA_HOME", System.getProperty("java.home")), "run", "--input",
				input.toString(), "--data-dir", this.data.toString());

		assertThat(run.waitFor(TIMEOUT)).as(run.err()).isZero();
		assertThat(run.out()).contains("status=COMPLETED files=3 lines=4195 malformed=5");
		assertThat(run.err()).doesNotContain("skipping");
	}

	/**
	 * {@code mvn package} trains a class-data archive and the launcher starts from it: the job's own
	 * classes come from the archive, not from the jar.
	 */
	@Test
	void theLauncherStartsFromTheClassDataArchiveThatPackageTrained() throws Exception {
		Path archive = Path.of("target", "cds", "logagg.jsa");
		assertThat(archive).as("trained by mvn package").exists();
		assertThat(Files.getLastModifiedTime(archive)).isGreaterThanOrEqualTo(Files.getLastModifiedTime(JAR));

		assertThat(classesLoadedByARun(Path.of(System.getProperty("java.home")))).as("where the classes came from")
			.anyMatch(line -> line.contains(" io.logagg.cli.RunCommand source: shared objects file"))
			.anyMatch(line -> line.contains(" io.logagg.job.LogaggJobConfiguration source: shared objects file"));
	}

	/**
	 * A run prints no JSON, so it loads no Jackson: neither the job's context nor Spring Boot's
	 * background pre-initialization builds a mapper.
	 */
	@Test
	void aRunLoadsNoJson() throws Exception {
		assertThat(classesLoadedByARun(Path.of(System.getProperty("java.home")))).as("classes loaded")
			.anyMatch(line -> line.contains(" io.logagg.cli.RunCommand "))
			.noneMatch(line -> line.contains(" tools.jackson."));
	}

	/** Another java than the one that trained the archive runs without it, and runs all the same. */
	@Test
	void theLauncherLeavesOutTheArchiveForAnotherJava(@TempDir Path otherJavaHome) throws Exception {
		Path java = Files.createDirectories(otherJavaHome.resolve("bin")).resolve("java");
		Files.writeString(java, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
		assertThat(java.toFile().setExecutable(true)).isTrue();

		assertThat(classesLoadedByARun(otherJavaHome)).as("where the classes came from")
			.anyMatch(line -> line.contains(" io.logagg.cli.RunCommand source: "))
			.noneMatch(line -> line.contains(" io.logagg.cli.RunCommand source: shared objects file"));
	}

	/**
	 * The launcher runs C1 alone with one compiler thread; an operator who asks for C2, in its
	 * variable or the JVM's own, gets it with the two threads it needs (the JVM refuses to start
	 * with one).
	 */
	@ParameterizedTest
	@ValueSource(strings = { "LOGAGG_JAVA_OPTS", "_JAVA_OPTIONS" })
	void theLauncherLeavesTheCompilersToAnOperatorWhoChoosesThem(String variable) throws Exception {
		LogaggProcess run = LogaggProcess.startLauncher(this.logs,
				Map.of("PATH", "/usr/bin:/bin", "JAVA_HOME", System.getProperty("java.home"), variable,
						"-XX:TieredStopAtLevel=4"),
				"run", "--input", "sample-logs", "--data-dir", this.data.toString());
		assertThat(run.waitFor(TIMEOUT)).as(run.err()).isZero();
		assertThat(run.out()).contains("status=COMPLETED files=3 lines=4195 malformed=5");
	}

	/** The JVM's class-loading log of a launcher's run of the sample logs with this java, which succeeded. */
	private List<String> classesLoadedByARun(Path javaHome) throws Exception {
		Path classes = this.logs.resolve("classes.txt");
		LogaggProcess run = LogaggProcess.startLauncher(this.logs,
				Map.of("PATH", "/usr/bin:/bin", "JAVA_HOME", javaHome.toString(), "LOGAGG_JAVA_OPTS",
						"-Xlog:class+load=info:file=" + classes),
				"run", "--input", "sample-logs", "--data-dir", this.data.toString());
		assertThat(run.waitFor(TIMEOUT)).as(run.err()).isZero();
		return Files.readAllLines(classes);
	}

	@Test
	void theJarCountsTheSampleLogsWithItsEmbeddedRedisThenFindsNothingNew() throws Exception {
		assertThat(JAR).as("built by mvn package").exists();

		assertThat(run().out()).contains("status=COMPLETED files=3 lines=4195 malformed=5");
		assertThat(run().out()).contains("status=COMPLETED files=1 lines=0 malformed=0");

		assertThat(this.data.resolve("redis").resolve("embedded.pid")).as("the embedded Redis stopped").doesNotExist();
		try (var files = Files.list(this.data.resolve("jobs"))) {
			assertThat(files.map(file -> file.getFileName().toString())).as("no H2 trace file").doesNotContain("logagg.trace.db");
		}
	}

}

package io.logagg.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.logagg.LogaggApplication;

import org.junit.jupiter.api.Assumptions;

/**
 * logagg as a child JVM, on the test's own class path, so that tests can kill it (SIGKILL) or
 * stop it (SIGTERM) like an operator or the OOM killer would. Output goes to files.
 */
public final class LogaggProcess {

	private static final AtomicInteger counter = new AtomicInteger();

	private final Process process;

	private final Path out;

	private final Path err;

	private LogaggProcess(Process process, Path out, Path err) {
		this.process = process;
		this.out = out;
		this.err = err;
	}

	/** Starts {@code logagg args...} with a 256 MB heap; output goes to files in {@code logDir}. */
	public static LogaggProcess start(Path logDir, String... args) throws IOException {
		return start(logDir, List.of(), "256m", args);
	}

	/** As {@link #start(Path, String...)} with a heap of {@code heap} ({@code 128m}). */
	public static LogaggProcess startWithHeap(Path logDir, String heap, String... args) throws IOException {
		return start(logDir, List.of(), heap, args);
	}

	/**
	 * As {@link #start(Path, String...)}, but bound by file permissions even when the tests run as
	 * root: root is then started without the capabilities that override them (setpriv), and still
	 * reads its own files, the class path among them. Skips the test where that is not possible.
	 */
	public static LogaggProcess startSubjectToPermissions(Path logDir, String... args) throws IOException {
		if (!"root".equals(System.getProperty("user.name"))) {
			return start(logDir, List.of(), "256m", args);
		}
		Path setpriv = Path.of("/usr/bin/setpriv");
		Assumptions.assumeTrue(Files.isExecutable(setpriv), "running as root without util-linux setpriv(1)");
		return start(logDir, List.of(setpriv.toString(), "--inh-caps=-dac_override,-dac_read_search",
				"--bounding-set=-dac_override,-dac_read_search"), "256m", args);
	}

	/**
	 * Starts {@code java -Xmx256m -jar jar args...}, as the README does: the packaged application
	 * rather than the test's class path.
	 */
	public static LogaggProcess startJar(Path logDir, Path jar, String... args) throws IOException {
		return start(logDir, List.of(), List.of("-Xmx256m", "-jar", jar.toString()), args);
	}

	/**
	 * As {@link #start(Path, String...)}, in exactly this environment and no other, as cron starts
	 * its jobs (no {@code LANG}, a bare {@code PATH}).
	 */
	public static LogaggProcess startInEnvironment(Path logDir, Map<String, String> environment, String... args)
			throws IOException {
		return start(logDir, List.of(), launch("256m"), environment, args);
	}

	private static LogaggProcess start(Path logDir, List<String> prefix, String heap, String... args)
			throws IOException {
		return start(logDir, prefix, launch(heap), null, args);
	}

	/** Starts {@code bin/logagg args...}, the launcher users type, in exactly this environment. */
	public static LogaggProcess startLauncher(Path logDir, Map<String, String> environment, String... args)
			throws IOException {
		int n = counter.incrementAndGet();
		Path out = logDir.resolve("logagg-" + n + ".out");
		Path err = logDir.resolve("logagg-" + n + ".err");
		List<String> command = new ArrayList<>(List.of(Path.of("bin", "logagg").toAbsolutePath().toString()));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
		builder.environment().clear();
		builder.environment().putAll(environment);
		return new LogaggProcess(builder.start(), out, err);
	}

	private static List<String> launch(String heap) {
		return List.of("-Xmx" + heap, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
				LogaggApplication.class.getName());
	}

	private static LogaggProcess start(Path logDir, List<String> prefix, List<String> launch, String... args)
			throws IOException {
		return start(logDir, prefix, launch, null, args);
	}

	private static LogaggProcess start(Path logDir, List<String> prefix, List<String> launch,
			Map<String, String> environment, String... args) throws IOException {
		int n = counter.incrementAndGet();
		Path out = logDir.resolve("logagg-" + n + ".out");
		Path err = logDir.resolve("logagg-" + n + ".err");
		List<String> command = new ArrayList<>(prefix);
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(launch);
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
		if (environment != null) {
			builder.environment().clear();
			builder.environment().putAll(environment);
		}
		Process process = builder.start();
		return new LogaggProcess(process, out, err);
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** SIGKILL, then waits for the process to be gone. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	/** SIGTERM: asks for a graceful stop. */
	public void terminate() {
		this.process.destroy();
	}

	/** Waits for the exit and returns its code. */
	public int waitFor(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			this.process.destroyForcibly();
			throw new AssertionError("logagg did not exit within " + timeout + "; stderr: " + err());
		}
		return this.process.exitValue();
	}

	public String out() {
		return read(this.out);
	}

	public String err() {
		return read(this.err);
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(unreadable: " + ex.getMessage() + ")";
		}
	}

}

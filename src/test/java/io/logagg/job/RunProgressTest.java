package io.logagg.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.logagg.support.DataSet;
import io.logagg.support.LogaggProcess;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** What a person sees while a run goes: a bar on a terminal, plain lines anywhere else. */
class RunProgressTest {

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	@TempDir
	static Path input;

	@TempDir
	Path data;

	@TempDir
	Path logs;

	@BeforeAll
	static void generate() throws IOException {
		DataSet.generate(input, 2, 60_000);
	}

	@Test
	void withoutATerminalLogsPlainProgressLines() throws Exception {
		// Small chunks make the run last long enough for several lines 100 ms apart; the panels, a
		// write per member, would make it last much longer than this test needs.
		LogaggProcess run = LogaggProcess.start(this.logs, "run", "--input", input.toString(), "--redis-url", redis.url(),
				"--data-dir", this.data.toString(), "--logagg.snapshot.mode=none", "--logagg.chunk-size=10", "--logagg.chunk-growth=1",
				"--logagg.progress-interval=100ms", "--logagg.panel.names=");

		assertThat(run.waitFor(Duration.ofMinutes(2))).as(run.err()).isZero();
		assertThat(run.err()).contains("reading ").contains("progress: ").contains("lines/s").contains("left");
		assertThat(run.err() + run.out()).doesNotContain("\r", "\u001b");
		assertThat(run.out().lines()).hasSize(1);
	}

	/** A run on a terminal (util-linux script(1) gives it one): what the screen showed, once it ended well. */
	private String onATerminal(Path input, String... extra) throws Exception {
		Path script = Path.of("/usr/bin/script");
		Assumptions.assumeTrue(Files.isExecutable(script), "no util-linux script(1) to give the run a terminal");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
				"io.logagg.LogaggApplication", "run", "--input", input.toString(), "--redis-url", redis.url(), "--data-dir",
				this.data.toString(), "--logagg.snapshot.mode=none", "--logagg.chunk-size=100", "--logagg.panel.names="));
		command.addAll(List.of(extra));
		Path typescript = this.logs.resolve("tty.txt");
		Process process = new ProcessBuilder(List.of(script.toString(), "-qec", String.join(" ", command), "/dev/null"))
			.redirectOutput(typescript.toFile())
			.redirectErrorStream(true)
			.start();
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
		String screen = Files.readString(typescript, StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(screen).isZero();
		return screen;
	}

	@Test
	void onATerminalDrawsAProgressBar() throws Exception {
		String screen = onATerminal(input);

		assertThat(screen).contains("\r").containsPattern("logagg +\\d+% \\[").contains(" MB").contains("lines/s");
		assertThat(screen).contains("logagg run: source=default status=COMPLETED");
	}

	/** A file name that would retitle the window and clear the screen reaches the bar escaped. */
	@Test
	void onATerminalTheBarShowsAHostileFileNameEscaped() throws Exception {
		Path hostile = Files.createDirectories(this.logs.resolve("hostile"));
		Files.copy(DataSet.generate(Files.createDirectories(this.logs.resolve("gen")), 3, 20_000).get(0),
				hostile.resolve("x\u001b]0;PWNED\u0007\u001b[2J.log"));

		String screen = onATerminal(hostile, "--logagg.chunk-growth=1");

		assertThat(screen).contains("x\\x1b]0;PWNED\\x07\\x1b[2J.log").doesNotContain("\u001b]0;PWNED", "\u001b[2J");
	}

}

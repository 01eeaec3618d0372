package io.logagg.read;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.logagg.bench.AccessLogGenerator;
import io.logagg.support.CliRun;
import io.logagg.support.IndependentCount;
import io.logagg.support.LogaggProcess;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One odd file name never blocks a source: the other files are counted, the odd one is named (its
 * bytes escaped) in a warning that says why and what to do, and names are escaped wherever they are
 * printed or stored in a line-oriented form.
 */
class OddNamesTest {

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	@TempDir
	Path input;

	@TempDir
	Path data;

	@TempDir
	Path logs;

	private List<String> args(String... extra) {
		List<String> args = new ArrayList<>(List.of("run", "--input", this.input.toString(), "--redis-url", redis.url(),
				"--data-dir", this.data.toString(), "--logagg.snapshot.mode=none"));
		args.addAll(List.of(extra));
		return args;
	}

	private Path generate(String name, long seed, int lines) throws IOException {
		Path file = this.input.resolve(name);
		new AccessLogGenerator(seed, ZonedDateTime.parse("2026-11-20T00:00:00Z"), 0.01).write(file, lines);
		return file;
	}

	/** Creates {@code d\xff\xfe.log}: Java cannot name such a file from a String, the shell can. */
	private void createFileNamedWithInvalidUtf8() throws IOException, InterruptedException {
		Process shell = new ProcessBuilder("sh", "-c", "printf 'not counted\\n' > \"$(printf 'd\\377\\376.log')\"")
			.directory(this.input.toFile())
			.start();
		assertThat(shell.waitFor()).isZero();
	}

	@Test
	void aNameThatIsNotUtf8IsSkippedWithAWarningAndTheOtherFilesAreCounted() throws Exception {
		Path a = generate("a.log", 1, 300);
		Path e = generate("e.log", 2, 300);
		createFileNamedWithInvalidUtf8();
		try (var entries = Files.list(this.input)) {
			assertThat(entries.count()).as("the odd file is there").isEqualTo(3);
		}

		LogaggProcess run = LogaggProcess.start(this.logs, args().toArray(String[]::new));

		assertThat(run.waitFor(Duration.ofMinutes(2))).as(run.err()).isZero();
		assertThat(run.err()).contains("skipping " + this.input.toUri().getRawPath() + "d%FF%FE.log: its name is not valid UTF-8",
				"rename it");
		assertThat(redis.aggregates("default")).isEqualTo(IndependentCount.ofFiles(List.of(a, e)));
	}

	@Test
	void withoutAUtf8LocaleAsUnderCronOtherFilesAreCountedAndTheFixIsNamed() throws Exception {
		Path a = generate("a.log", 3, 200);
		generate("zé.log", 4, 200);
		Path z = generate("z.log", 5, 200);

		LogaggProcess run = LogaggProcess.startInEnvironment(this.logs, Map.of("PATH", "/usr/bin:/bin"),
				args().toArray(String[]::new));

		assertThat(run.waitFor(Duration.ofMinutes(2))).as(run.err()).isZero();
		assertThat(run.err()).contains("z%C3%A9.log", "no UTF-8 locale is set", "LANG=C.UTF-8");
		assertThat(run.out()).contains("status=COMPLETED files=2");
		assertThat(redis.aggregates("default")).isEqualTo(IndependentCount.ofFiles(List.of(a, z)));
	}

	@Test
	void aSymbolicLinkLoopUnderRecursiveIsSkippedWithAWarning() throws Exception {
		Path a = generate("a.log", 6, 100);
		Path sub = Files.createDirectories(this.input.resolve("sub"));
		Path b = generate("sub/b.log", 7, 100);
		Files.createSymbolicLink(sub.resolve("loop"), this.input);

		LogaggProcess run = LogaggProcess.start(this.logs, args("--recursive").toArray(String[]::new));

		assertThat(run.waitFor(Duration.ofMinutes(2))).as(run.err()).isZero();
		assertThat(run.err()).contains("sub/loop: a symbolic link loop");
		assertThat(redis.aggregates("default")).isEqualTo(IndependentCount.ofFiles(List.of(a, b)));
	}

	@Test
	void namesWithATabOrANewlineAreEscapedInTheSummaryStatusAndMalformedSamples() throws IOException {
		Files.writeString(this.input.resolve("a\tb.log"), "BAD\n", StandardCharsets.US_ASCII);
		Files.writeString(this.input.resolve("c\nd.log"), "WORSE\n", StandardCharsets.US_ASCII);

		CliRun run = CliRun.of(args().toArray(String[]::new));
		CliRun malformed = CliRun.of("report", "--malformed", "--redis-url", redis.url(), "--data-dir", this.data.toString());
		CliRun json = CliRun.of("report", "--malformed", "--json", "--redis-url", redis.url(), "--data-dir",
				this.data.toString());
		CliRun status = CliRun.of("status", "--redis-url", redis.url(), "--data-dir", this.data.toString());

		assertThat(run.code()).as(run.toString()).isZero();
		assertThat(run.out().lines()).hasSize(1);
		assertThat(run.out()).contains("checkpoint=c\\nd.log@6");
		assertThat(malformed.code()).as(malformed.toString()).isZero();
		assertThat(malformed.out()).contains("a\\tb.log@0: BAD", "c\\nd.log@0: WORSE");
		JsonNode samples = JsonMapper.builder().build().readTree(json.out()).get("samples");
		assertThat(samples.get(0).get("file").asString()).isEqualTo("a\tb.log");
		assertThat(samples.get(1).get("file").asString()).isEqualTo("c\nd.log");
		assertThat(status.out()).contains("checkpoint c\\nd.log @ 6");
	}

}

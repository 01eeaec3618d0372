package io.logagg.read;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import io.logagg.bench.AccessLogGenerator;
import io.logagg.support.CliRun;
import io.logagg.support.IndependentCount;
import io.logagg.support.LogaggProcess;
import io.logagg.support.RedisAggregates;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/** Messy log directories, end to end: every odd file and line is counted once or refused clearly. */
class OddInputTest {

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	@TempDir
	Path input;

	@TempDir
	Path data;

	@TempDir
	Path logs;

	private CliRun run(String... extra) {
		return run(new Class<?>[0], extra);
	}

	private CliRun run(Class<?>[] sources, String... extra) {
		return redis.run(sources, this.input, this.data, extra);
	}

	private static IndependentCount stored() {
		return redis.aggregates("default");
	}

	private void generate(String name, long seed, int lines) throws IOException {
		new AccessLogGenerator(seed, ZonedDateTime.parse("2026-11-20T00:00:00Z"), 0.02).write(this.input.resolve(name), lines);
	}

	/** Complete lines of plain and gzip files, in reading order, for the independent count. */
	private static List<byte[]> lines(List<Path> files) throws IOException {
		List<byte[]> lines = new ArrayList<>();
		for (Path file : files) {
			byte[] content = file.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(file)).readAllBytes()
					: Files.readAllBytes(file);
			lines.addAll(IndependentCount.completeLines(content));
		}
		return lines;
	}

	@Test
	void aMixedCorpusOfOddFilesAndLinesEqualsAnIndependentCount() throws IOException {
		generate("01 access with spaces.log", 1, 1500);
		generate("02-acc\u00e8s-\u65e5\u672c.log", 2, 1500);
		try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(this.input.resolve("03-rotated.log.gz")))) {
			Path plain = Files.createTempFile(this.logs, "plain", ".log");
			new AccessLogGenerator(3, ZonedDateTime.parse("2026-11-20T00:00:00Z"), 0.02).write(plain, 2500);
			out.write(Files.readAllBytes(plain));
		}
		Path target = Files.createTempFile(this.logs, "linked", ".log");
		new AccessLogGenerator(4, ZonedDateTime.parse("2026-11-20T00:00:00Z"), 0.02).write(target, 700);
		Files.createSymbolicLink(this.input.resolve("04-linked.log"), target);
		byte[] odd = ("10.0.0.1 - - [20/Nov/2026:10:00:00 +0000] \"GET /crlf HTTP/1.1\" 200 5\r\n" + "\r\n" + "\n"
				+ "10.0.0.1 - - [20/Nov/2026:10:00:00 +0000] \"GET /nul\u0000byte HTTP/1.1\" 200 5\n"
				+ "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003\n"
				+ "10.0.0.1 - - [20/Nov/2026:10:00:00 +0000] \"GET /esc\\\"aped HTTP/1.1\" 404 - \"http://trunc\n"
				+ "x".repeat(70_000) + "\n" + "10.0.0.1 - - [20/Nov/2026:10:00:00 +0000] \"GET /last HTTP/1.1\" 200 1\n")
			.getBytes(StandardCharsets.ISO_8859_1);
		byte[] invalidUtf8 = "10.0.0.1 - - [20/Nov/2026:10:00:00 +0000] \"GET /\u00c3\u0028 HTTP/1.1\" 200 5\n"
			.getBytes(StandardCharsets.ISO_8859_1);
		Files.write(this.input.resolve("05-odd.log"), concat(odd, invalidUtf8, new byte[] { (byte) 0xff, (byte) 0xfe, '\n' }));
		Files.createDirectories(this.input.resolve("06-subdir.log"));
		generate("06-subdir.log/ignored.log", 6, 100);
		Files.writeString(this.input.resolve("07-notes.txt"), "not a log\n");
		generate("08-last.log", 8, 900);
		String partial = "10.0.0.1 - - [20/Nov/2026:10:00:00 +0000] \"GET /partial";
		Files.writeString(this.input.resolve("08-last.log"), partial, StandardOpenOption.APPEND);

		CliRun run = run("--pattern", "*.log*");

		assertThat(run.code()).as(run.toString()).isZero();
		List<Path> read = List.of(this.input.resolve("01 access with spaces.log"), this.input.resolve("02-acc\u00e8s-\u65e5\u672c.log"),
				this.input.resolve("03-rotated.log.gz"), this.input.resolve("04-linked.log"), this.input.resolve("05-odd.log"),
				this.input.resolve("08-last.log"));
		IndependentCount expected = IndependentCount.of(lines(read), IndependentCount.DEFAULT_MAX_LINE_BYTES);
		assertThat(stored()).isEqualTo(expected);
		assertThat(expected.malformed()).isGreaterThan(100);
		assertThat(expected.paths()).containsKeys("/crlf", "/nul\u0000byte", "/esc\"aped", "/\ufffd(");
		try (Jedis jedis = redis.jedis()) {
			assertThat(RedisAggregates.checkpoint(jedis, "default")).as("the partial line is left for later")
				.isEqualTo("08-last.log@" + (Files.size(this.input.resolve("08-last.log")) - partial.length()));
		}

		JsonNode samples = JsonMapper.builder().build().readTree(CliRun.of("report", "--malformed", "--json", "--redis-url",
				redis.url(), "--data-dir", this.data.toString()).out());
		assertThat(samples.get("malformed").asLong()).isEqualTo(expected.malformed());
		assertThat(samples.get("samples")).hasSize(100);
		assertThat(samples.get("samples").get(0).get("file").asString()).isEqualTo("01 access with spaces.log");
		assertThat(samples.get("samples").get(0).get("offset").asLong()).isNotNegative();
	}

	@Test
	void recursiveReadsSubdirectoriesByRelativePath() throws IOException {
		Files.createDirectories(this.input.resolve("b"));
		generate("b/x.log", 1, 300);
		generate("a.log", 2, 300);

		CliRun flat = run();
		assertThat(flat.out()).contains("files=1");
		CliRun recursive = run("--recursive");

		assertThat(recursive.out()).contains("files=2").contains("checkpoint=b/x.log@");
		assertThat(stored()).isEqualTo(IndependentCount.ofFiles(List.of(this.input.resolve("a.log"), this.input.resolve("b/x.log"))));
	}

	/**
	 * One line from year 10000 (or 1970) would stretch every report over centuries and hide the real
	 * days: a time outside 1990 to two days after the run is malformed, naming its time.
	 */
	@Test
	void aTimeFarFromAnyRealOneIsMalformedAndTheRealDaysStay() throws IOException {
		String real = "10.0.0.1 - - [20/Nov/2026:10:00:00 +0000] \"GET /real HTTP/1.1\" 200 10 \"-\" \"t\"\n";
		Files.writeString(this.input.resolve("a.log"), real
				+ "10.0.0.2 - - [31/Dec/9999:23:59:59 -1400] \"GET /future HTTP/1.1\" 200 10 \"-\" \"t\"\n"
				+ "10.0.0.3 - - [01/Jan/1970:00:00:00 +0000] \"GET /epoch HTTP/1.1\" 200 10 \"-\" \"t\"\n" + real);

		CliRun run = run();

		assertThat(run.code()).as(run.toString()).isZero();
		assertThat(run.out()).contains("lines=2 malformed=2");
		CliRun malformed = CliRun.of("report", "--malformed", "--redis-url", redis.url(), "--data-dir", this.data.toString());
		assertThat(malformed.out()).contains("time +10000-01-01T13:59:00Z is outside the times logagg counts",
				"time 1970-01-01T00:00:00Z is outside");
		CliRun json = CliRun.of("report", "--json", "--redis-url", redis.url(), "--data-dir", this.data.toString());
		assertThat(json.out()).contains("\"days\":[{\"day\":\"2026-11-20\"");
	}

	/** The default ./data inside the input: its Redis log and job repository are never read as logs. */
	@Test
	void recursiveNeverReadsTheDataDirectory() throws IOException {
		generate("a.log", 2, 300);
		Path inside = Files.createDirectories(this.input.resolve("data/redis"));
		Files.writeString(inside.resolve("redis.log"), "1234:M 06 Dec 2026 19:00:00.000 * Ready to accept connections tcp\n");

		CliRun run = CliRun.of("run", "--input", this.input.toString(), "--redis-url", redis.url(), "--data-dir",
				this.input.resolve("data").toString(), "--logagg.snapshot.mode=none", "--recursive");

		assertThat(run.code()).as(run.toString()).isZero();
		assertThat(run.out()).contains("files=1 ");
		assertThat(stored()).isEqualTo(IndependentCount.ofFiles(List.of(this.input.resolve("a.log"))));
	}

	@Test
	void copyTruncatedFileIsReadAgainFromTheStartOrFailsAsConfigured() throws IOException {
		generate("app.log", 1, 1200);
		assertThat(run().code()).isZero();
		IndependentCount before = stored();
		// copytruncate: the old content went to app.log.1 (not matched), app.log starts over.
		generate("app.log", 2, 300);

		CliRun fail = run("--logagg.on-rewritten-file=fail");
		assertThat(fail.code()).isEqualTo(1);
		assertThat(fail.err()).contains("app.log was truncated or replaced since the checkpoint");
		assertThat(stored()).isEqualTo(before);

		CliRun reread = run();
		assertThat(reread.code()).as(reread.toString()).isZero();
		assertThat(reread.out()).contains("lines=" + IndependentCount.ofFiles(List.of(this.input.resolve("app.log"))).lines());
	}

	@Test
	void emptyDirectoryHasNothingToRead() {
		CliRun run = run();
		assertThat(run.code()).isZero();
		assertThat(run.err()).contains("nothing to read");
	}

	@Test
	void aFileMovedAwayMidRunIsReadAsTheFileItWasPlannedAsAndCountedOnce() throws IOException {
		// Long enough that the read-ahead (256 chunks of 10 lines here) has not reached b.log when
		// the first chunks are written.
		generate("a.log", 1, 60_000);
		generate("b.log", 2, 2500);
		IndependentCount both = IndependentCount.ofFiles(List.of(this.input.resolve("a.log"), this.input.resolve("b.log")));
		Path moved = this.input.getParent().resolve(this.input.getFileName() + "-moved-b.log");

		CliRun read = run(new Class<?>[] { MoveBAfterFirstChunk.class }, "--logagg.chunk-size=10", "--logagg.chunk-growth=1");

		assertThat(read.code()).as(read.toString()).isZero();
		assertThat(Files.exists(moved)).as("b.log moved away while a.log was read").isTrue();
		assertThat(stored()).isEqualTo(both);
		Files.move(moved, this.input.resolve("b.log"));
		CliRun again = run();
		assertThat(again.code()).as(again.toString()).isZero();
		assertThat(again.out()).contains("lines=0 malformed=0");
		assertThat(stored()).isEqualTo(both);
	}

	@Test
	void anUnreadableFileFailsTheRunWithItsNameAndIsCountedOnceReadable() throws Exception {
		generate("a.log", 1, 2500);
		generate("b.log", 2, 2500);
		Path a = this.input.resolve("a.log");
		Path b = this.input.resolve("b.log");
		Set<PosixFilePermission> readable = Files.getPosixFilePermissions(b);
		Files.setPosixFilePermissions(b, Set.of());
		try {
			LogaggProcess failed = LogaggProcess.startSubjectToPermissions(this.logs, "run", "--input",
					this.input.toString(), "--redis-url", redis.url(), "--data-dir", this.data.toString(),
					"--logagg.snapshot.mode=none", "--logagg.chunks-per-update=1");

			assertThat(failed.waitFor(Duration.ofMinutes(2))).as(failed.err()).isEqualTo(1);
			assertThat(failed.err()).contains("logagg: Could not open " + b + ": permission denied")
				.doesNotContain("Unable to process chunk");
			// The two whole chunks of a.log before the failure are in Redis, exactly; the rest of
			// a.log waits with b.log for the next run.
			List<byte[]> aLines = lines(List.of(a));
			assertThat(redis.checkpoint("default")).isEqualTo("a.log@" + aLines.subList(0, 2000).stream().mapToInt(line -> line.length + 1).sum());
			assertThat(stored()).isEqualTo(IndependentCount.of(aLines.subList(0, 2000), IndependentCount.DEFAULT_MAX_LINE_BYTES));
		}
		finally {
			Files.setPosixFilePermissions(b, readable);
		}
		assertThat(run().code()).isZero();
		assertThat(stored()).isEqualTo(IndependentCount.ofFiles(List.of(a, b)));
	}

	@Test
	void anUnreadableInputDirectoryIsBadUsage() throws Exception {
		generate("a.log", 1, 10);
		Set<PosixFilePermission> readable = Files.getPosixFilePermissions(this.input);
		Files.setPosixFilePermissions(this.input, Set.of());
		try {
			LogaggProcess failed = LogaggProcess.startSubjectToPermissions(this.logs, "run", "--input",
					this.input.toString(), "--redis-url", redis.url(), "--data-dir", this.data.toString());

			assertThat(failed.waitFor(Duration.ofMinutes(2))).as(failed.err()).isEqualTo(2);
			assertThat(failed.err()).contains("input directory " + this.input + " is not readable");
			assertThat(redis.checkpoint("default")).isNull();
		}
		finally {
			Files.setPosixFilePermissions(this.input, readable);
		}
	}

	@Test
	void longDistinctPathsAreCountedInBoundedMemory() throws Exception {
		// 1000 such lines would make one chunk of 60 MB of paths, held while read ahead and again
		// as its transaction's commands: more than this heap.
		StringBuilder lines = new StringBuilder();
		Map<String, Long> paths = new HashMap<>();
		for (int i = 0; i < 1500; i++) {
			String path = "/" + i + "/" + "p".repeat(60_000);
			lines.append("10.0.0.1 - - [20/Nov/2026:06:25:00 +0000] \"GET ").append(path).append(" HTTP/1.1\" 200 7\n");
			paths.put(path, 1L);
		}
		Path file = this.input.resolve("a.log");
		Files.writeString(file, lines, StandardCharsets.ISO_8859_1);

		LogaggProcess process = LogaggProcess.startWithHeap(this.logs, "128m", "run", "--input", this.input.toString(),
				"--redis-url", redis.url(), "--data-dir", this.data.toString(), "--logagg.snapshot.mode=none");

		assertThat(process.waitFor(Duration.ofMinutes(3))).as(process.err()).isZero();
		assertThat(process.out()).contains("lines=1500 malformed=0");
		// Counted by hand: the independent counter's regular expression overflows on such lines.
		assertThat(stored()).isEqualTo(new IndependentCount(1500, 0, 1500 * 7, Map.of("200", 1500L),
				Map.of("2026-11-20T06:25", 1500L), paths));
		assertThat(redis.checkpoint("default")).isEqualTo("a.log@" + Files.size(file));
	}

	@Test
	void aOneGibibyteLineIsSkippedInBoundedMemory() throws Exception {
		Path file = this.input.resolve("a.log");
		String good = new AccessLogGenerator(1, ZonedDateTime.parse("2026-11-20T00:00:00Z"), 0).nextLine() + "\n";
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
			channel.write(ByteBuffer.wrap(good.getBytes(StandardCharsets.ISO_8859_1)));
			ByteBuffer block = ByteBuffer.wrap(new byte[1 << 20]);
			Arrays.fill(block.array(), (byte) 'x');
			for (int i = 0; i < 1024; i++) {
				channel.write(block.clear());
			}
			channel.write(ByteBuffer.wrap(("\n" + good).getBytes(StandardCharsets.ISO_8859_1)));
		}
		// And a second file ending in a long line still being written: left for a later run.
		Files.writeString(this.input.resolve("b.log"), good + "y".repeat(3_000_000));

		LogaggProcess process = LogaggProcess.start(this.logs, "run", "--input", this.input.toString(), "--redis-url",
				redis.url(), "--data-dir", this.data.toString(), "--logagg.snapshot.mode=none");

		assertThat(process.waitFor(Duration.ofMinutes(3))).as(process.err()).isZero();
		assertThat(process.out()).contains("lines=3 malformed=1");
		try (Jedis jedis = redis.jedis()) {
			assertThat(RedisAggregates.checkpoint(jedis, "default")).isEqualTo("b.log@" + good.length());
		}
		Files.delete(file);
	}

	private static byte[] concat(byte[]... parts) {
		int length = Arrays.stream(parts).mapToInt(part -> part.length).sum();
		byte[] all = new byte[length];
		int at = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, all, at, part.length);
			at += part.length;
		}
		return all;
	}

	/** Moves b.log out of the input directory once the first chunk is in Redis. */
	static class MoveBAfterFirstChunk {

		@Bean
		ItemWriteListener<io.logagg.aggregate.ChunkDelta> moveBAfterFirstChunk(org.springframework.core.env.Environment environment) {
			Path input = Path.of(environment.getRequiredProperty("logagg.input"));
			return new ItemWriteListener<>() {
				@Override
				public void afterWrite(Chunk<? extends io.logagg.aggregate.ChunkDelta> items) {
					try {
						Path b = input.resolve("b.log");
						if (Files.exists(b)) {
							Files.move(b, input.getParent().resolve(input.getFileName() + "-moved-b.log"));
						}
					}
					catch (IOException ex) {
						throw new IllegalStateException(ex);
					}
				}
			};
		}

	}

}

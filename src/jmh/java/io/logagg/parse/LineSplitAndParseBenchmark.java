package io.logagg.parse;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.concurrent.TimeUnit;

import io.logagg.bench.AccessLogGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The two loops the read-ahead thread spends its time in, on the benchmark's generated lines:
 * finding line ends, and parsing. Scores are lines per second; {@link C1Only} runs the same in a
 * JVM with {@code -XX:TieredStopAtLevel=1}, as a run from cron is advised to.
 *
 * <p>{@code mvn -Pjmh test-compile exec:exec}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@OperationsPerInvocation(LineSplitAndParseBenchmark.LINES)
public class LineSplitAndParseBenchmark {

	static final int LINES = 20_000;

	private byte[] buffer;

	private int[] lineEnds;

	private final CombinedLogParser parser = new CombinedLogParser();

	@Setup
	public void generate() {
		AccessLogGenerator generator = new AccessLogGenerator(42, ZonedDateTime.parse("2026-11-25T00:00:00Z"), 0.001);
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < LINES; i++) {
			text.append(generator.nextLine()).append('\n');
		}
		this.buffer = text.toString().getBytes(StandardCharsets.ISO_8859_1);
		this.lineEnds = new int[LINES];
		int line = 0;
		for (int i = 0; i < this.buffer.length; i++) {
			if (this.buffer[i] == '\n') {
				this.lineEnds[line++] = i;
			}
		}
	}

	/** What {@code LogFileItemReader} did before {@link ByteSearch}: one byte at a time. */
	@Benchmark
	public int splitByteByByte() {
		int lines = 0;
		byte[] b = this.buffer;
		for (int i = 0; i < b.length; i++) {
			if (b[i] == '\n') {
				lines++;
			}
		}
		return lines;
	}

	@Benchmark
	public int splitEightBytesAtATime() {
		int lines = 0;
		int from = 0;
		int newline;
		while ((newline = ByteSearch.indexOf(this.buffer, from, this.buffer.length, (byte) '\n')) >= 0) {
			lines++;
			from = newline + 1;
		}
		return lines;
	}

	@Benchmark
	public void parse(Blackhole blackhole) {
		int from = 0;
		ParsedLine parsed = new ParsedLine();
		for (int end : this.lineEnds) {
			if (this.parser.parse(this.buffer, from, end, parsed)) {
				blackhole.consume(parsed.status() + parsed.epochMinute() + parsed.to(LogField.PATH));
			}
			from = end + 1;
		}
	}

	/** Runs the same benchmarks with C1 only, as a run from cron is advised to. */
	@Fork(value = 1, jvmArgsAppend = "-XX:TieredStopAtLevel=1")
	public static class C1Only extends LineSplitAndParseBenchmark {

	}

}

package io.logagg.aggregate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.logagg.parse.CombinedLogParser;
import io.logagg.parse.ParsedLine;
import io.logagg.read.FilePosition;
import io.logagg.read.FilesUpdate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The read-ahead thread's work per line on real lines: parsing, then every aggregate of the
 * default settings, in chunks of 1000 lines built as the step would take them. Scores are passes
 * over the file per second; multiply by its lines for lines per second. {@link C1Only} runs the
 * same with {@code -XX:TieredStopAtLevel=1}, as {@code bin/logagg} does.
 *
 * <p>{@code mvn -Pjmh test-compile exec:exec -Djmh.benchmarks=AggregateLinesBenchmark -Djmh.corpus=FILE
 * [-Djmh.only=none,all,agents,...]}; the corpus is a combined-format access log of 10,000 lines or so.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AggregateLinesBenchmark {

	@Param("sample-logs/access-2026-11-20.log")
	public String corpus;

	/**
	 * The aggregates: {@code all} (the defaults), {@code none} (parsing alone), one by its class's
	 * simple name ({@code VisitorsAggregate}), or one panel by its id ({@code agents}, {@code slowPaths}).
	 */
	@Param("all")
	public String only;

	private byte[] buffer;

	private int[] lineEnds;

	private final CombinedLogParser parser = new CombinedLogParser();

	private ChunkDelta.Builder builder;

	@Setup
	public void read() throws IOException {
		this.buffer = Files.readAllBytes(Path.of(this.corpus));
		int lines = 0;
		for (byte b : this.buffer) {
			if (b == '\n') {
				lines++;
			}
		}
		this.lineEnds = new int[lines];
		int line = 0;
		for (int i = 0; i < this.buffer.length; i++) {
			if (this.buffer[i] == '\n') {
				this.lineEnds[line++] = i;
			}
		}
		this.builder = new ChunkDelta.Builder(aggregates());
	}

	private java.util.List<Aggregate> aggregates() {
		java.util.List<Aggregate> all = Aggregates.forFormat(this.parser.fields(), AggregateSettings.DEFAULTS);
		if (this.only.equals("all")) {
			return all;
		}
		if (this.only.equals("none")) {
			return java.util.List.of();
		}
		if (Panel.byId(this.only) != null || this.only.equals(SlowPathsAggregate.PANEL)) {
			AggregateSettings one = new AggregateSettings(100, false, java.time.Duration.ofDays(35), java.time.Duration.ofDays(400),
					100_000, java.util.Set.of(this.only));
			return Aggregates.forFormat(this.parser.fields(), one)
				.stream()
				.filter(aggregate -> aggregate instanceof PanelAggregate || aggregate instanceof SlowPathsAggregate)
				.toList();
		}
		java.util.List<Aggregate> named = all.stream().filter(aggregate -> aggregate.getClass().getSimpleName().equals(this.only)).toList();
		if (named.isEmpty()) {
			throw new IllegalArgumentException("no aggregate named " + this.only + " for this format");
		}
		return named;
	}

	@Benchmark
	public ChunkDelta aggregate() {
		int from = 0;
		ParsedLine parsed = new ParsedLine();
		ChunkDelta last = null;
		for (int end : this.lineEnds) {
			if (this.parser.parse(this.buffer, from, end, parsed)) {
				this.builder.line(parsed);
			}
			if (this.builder.lines() == 1000 || this.builder.retainedBytes() >= ChunkDeltaReader.maxChunkBytes(1)) {
				last = this.builder.build(new FilePosition("access.log", end + 1), FilesUpdate.NONE);
			}
			from = end + 1;
		}
		if (this.builder.lines() > 0) {
			last = this.builder.build(new FilePosition("access.log", from), FilesUpdate.NONE);
		}
		return last;
	}

	/** The same with C1 only, as {@code bin/logagg} runs. */
	@Fork(value = 1, jvmArgsAppend = "-XX:TieredStopAtLevel=1")
	public static class C1Only extends AggregateLinesBenchmark {

	}

}

package io.logagg.aggregate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.logagg.checkpoint.ChunkCommit;
import io.logagg.checkpoint.ChunkWrites;
import io.logagg.filter.LineFilters;
import io.logagg.parse.AccessLogEntry;
import io.logagg.parse.LogField;
import io.logagg.parse.ParsedLine;
import io.logagg.read.FilePosition;
import io.logagg.read.FilesUpdate;
import io.logagg.read.LineConsumer;
import io.logagg.read.ReadLine;
import io.logagg.read.RejectedLine;

import org.springframework.util.Assert;

/**
 * What one chunk adds to a source, pre-aggregated so that the Redis commands it takes grow with
 * the distinct keys in the chunk, not with its lines: each aggregate's part ({@link #writes}), the
 * counts progress and the run's summary report, and the position after its last line, which
 * becomes the checkpoint in the same transaction.
 *
 * @param end position after the chunk's last line
 * @param lines well-formed lines
 * @param malformed malformed lines
 * @param bytes sum of the well-formed lines' response sizes
 * @param writes each aggregate's part of the chunk that its transaction queues, in the aggregates' order
 * @param files the records of the files the chunk read from, stored with its checkpoint
 * @param pendingDelta the {@link PendingPart}s among the writes, as one delta ({@link DeltaEncoding}),
 * or null if there are none
 */
public record ChunkDelta(FilePosition end, long lines, long malformed, long bytes, List<ChunkWrites> writes,
		FilesUpdate files, byte[] pendingDelta) {

	public ChunkDelta {
		Assert.notNull(end, "end must not be null");
		writes = List.copyOf(writes);
		Assert.notNull(files, "files must not be null");
	}

	/**
	 * The delta of a chunk whose pending parts (if any) are put together now, and kept only so:
	 * Spring Batch holds {@code logagg.chunks-per-update} deltas before it writes them.
	 */
	public ChunkDelta(FilePosition end, long lines, long malformed, long bytes, List<ChunkWrites> writes, FilesUpdate files) {
		this(end, lines, malformed, bytes, writes.stream().filter(part -> !(part instanceof PendingPart)).toList(), files,
				encode(writes));
	}

	/**
	 * The chunk as the checkpoint store commits it: its writes, and its pending delta, which a fold
	 * writes later.
	 */
	public ChunkCommit commit() {
		return new ChunkCommit(this.end, this.writes, this.files, this.pendingDelta);
	}

	private static byte[] encode(List<ChunkWrites> writes) {
		List<PendingPart> parts = writes.stream().filter(PendingPart.class::isInstance).map(PendingPart.class::cast).toList();
		return parts.isEmpty() ? null : DeltaEncoding.encode(parts);
	}

	/** The chunk's well-formed lines that the filters left out. */
	public long filtered() {
		TotalsAggregate.Totals totals = part(TotalsAggregate.Totals.class);
		return (totals != null) ? totals.filtered().values().stream().mapToLong(Long::longValue).sum() : 0;
	}

	/** The chunk's requests per status code, as committed; empty if the format has no status. */
	public Map<String, Long> statusCounts() {
		StatusAggregate.Counts status = part(StatusAggregate.Counts.class);
		return (status != null) ? status.counts() : Map.of();
	}

	/**
	 * The chunk's request durations as committed: bucket index of {@link LatencyAggregate#MAPPING}
	 * (microseconds) to count, over all its minutes; empty if the format has no duration.
	 */
	public Map<Integer, Long> durationBuckets() {
		// In the pending delta, which a fold writes: read back from it (the other parts skipped).
		DayFieldCounts latency = (this.pendingDelta != null) ? DeltaEncoding.partOf(this.pendingDelta, LatencyAggregate.KIND) : null;
		if (latency == null) {
			return Map.of();
		}
		Map<Integer, Long> sum = new TreeMap<>();
		latency.days().values().forEach(buckets -> buckets.forEach((bucket, count) -> sum.merge(Integer.parseInt(bucket), count[0], Long::sum)));
		return sum;
	}

	/** The same chunk with one more write in its transaction. */
	public ChunkDelta with(ChunkWrites more) {
		List<ChunkWrites> all = new ArrayList<>(this.writes);
		all.add(more);
		Assert.isTrue(!(more instanceof PendingPart), "a chunk's pending parts are put together when it is built");
		return new ChunkDelta(this.end, this.lines, this.malformed, this.bytes, all, this.files, this.pendingDelta);
	}

	/**
	 * The chunk's first malformed line as the source keeps its samples ({@code file@offset: excerpt
	 * (reason)}), or empty if it keeps none.
	 */
	public java.util.Optional<String> firstMalformed() {
		MalformedSamplesAggregate.Samples samples = part(MalformedSamplesAggregate.Samples.class);
		if (samples == null || samples.samples().isEmpty()) {
			return java.util.Optional.empty();
		}
		String[] fields = samples.samples().get(0).split("\t", 4);
		String reason = (fields.length > 3) ? " (" + fields[3].substring(fields[3].startsWith(MalformedSamplesAggregate.REASON)
				? MalformedSamplesAggregate.REASON.length() : 0) + ")" : "";
		return java.util.Optional.of(fields[0] + "@" + fields[1] + ": " + ((fields.length > 2) ? fields[2] : "") + reason);
	}

	/** The part of the chunk of one kind ({@code PathsAggregate.Counts}, say), or null. */
	<T extends ChunkWrites> T part(Class<T> type) {
		return this.writes.stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
	}

	/**
	 * Sums the lines of one chunk with the default aggregates (for tests and tools).
	 * @param lines the chunk's lines, in file order, at least one
	 * @param keepSamples how many malformed samples the source keeps
	 * @return the chunk's delta, ending after its last line
	 */
	public static ChunkDelta of(List<? extends ReadLine> lines, int keepSamples) {
		Assert.notEmpty(lines, "a chunk has at least one line");
		Builder builder = new Builder(Aggregates.forFormat(EnumSet.allOf(LogField.class), AggregateSettings.DEFAULTS.keeping(keepSamples)));
		ParsedLine parsed = new ParsedLine();
		for (ReadLine line : lines) {
			AccessLogEntry entry = line.entry();
			if (entry == null) {
				builder.malformed(line.end().file(), line.rejected());
				continue;
			}
			builder.line(entry.fill(parsed));
		}
		return builder.build(lines.get(lines.size() - 1).end(), FilesUpdate.NONE);
	}

	/**
	 * Sums lines one at a time as the reader hands them on, through each aggregate's accumulator,
	 * so that a chunk's lines need not be kept. Not thread-safe; reusable after {@link #build}.
	 */
	public static final class Builder implements LineConsumer {

		/** Per aggregate, in their order, its accumulator, or null if another builder runs it. */
		private final Aggregate.Accumulator[] accumulators;

		/** Those of {@link #accumulators} that read each well-formed line. */
		private final Aggregate.Accumulator[] lineAccumulators;

		/**
		 * Those of {@link #accumulators} that hold more than fixed counters: the chunk's memory bound
		 * asks at every line, and a loop over every aggregate, most holding nothing, was a tenth of
		 * the reading thread's time.
		 */
		private final Aggregate.Accumulator[] holding;

		private long wellFormed;

		private long malformed;

		private long bytes;

		private int lines;

		private final LineFilters filters;

		/** Lines each filter left out since the last {@link #build}. */
		private final long[] filtered;

		/** @param aggregates the source's aggregates */
		public Builder(List<Aggregate> aggregates) {
			this(aggregates, LineFilters.NONE);
		}

		/**
		 * @param aggregates the source's aggregates
		 * @param filters what leaves a line out before any aggregate sees it
		 */
		public Builder(List<Aggregate> aggregates, LineFilters filters) {
			this(aggregates, filters, aggregate -> true);
		}

		/**
		 * A builder of some of the aggregates' parts ({@link SplitChunkBuilder} runs the others on
		 * a thread of its own).
		 * @param runs which accumulators this builder runs
		 */
		Builder(List<Aggregate> aggregates, LineFilters filters, java.util.function.Predicate<Aggregate> runs) {
			this.filters = filters;
			this.filtered = new long[filters.size()];
			this.accumulators = aggregates.stream()
				.map(aggregate -> runs.test(aggregate) ? aggregate.accumulator() : null)
				.toArray(Aggregate.Accumulator[]::new);
			this.lineAccumulators = Arrays.stream(this.accumulators)
				.filter(accumulator -> accumulator != null && accumulator.readsLines())
				.toArray(Aggregate.Accumulator[]::new);
			this.holding = Arrays.stream(this.accumulators).filter(Builder::holds).toArray(Aggregate.Accumulator[]::new);
		}

		/** Whether an accumulator may hold anything: it has its own {@link Aggregate.Accumulator#retainedBytes}. */
		private static boolean holds(Aggregate.Accumulator accumulator) {
			try {
				return accumulator != null
						&& accumulator.getClass().getMethod("retainedBytes").getDeclaringClass() != Aggregate.Accumulator.class;
			}
			catch (NoSuchMethodException ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public void line(ParsedLine line) {
			accept(line);
		}

		/** Counts a well-formed line; false if a filter left it out. */
		boolean accept(ParsedLine line) {
			if (!counted(line)) {
				return false;
			}
			for (Aggregate.Accumulator accumulator : this.lineAccumulators) {
				accumulator.add(line);
			}
			return true;
		}

		/**
		 * Counts {@code count} well-formed lines in a row as {@link #accept} does each, but
		 * aggregate by aggregate rather than line by line: each accumulator's call, and a panel's
		 * own calls, then go to one method for many lines in a row, which the processor predicts.
		 * Line by line, a dozen panels' alternating calls were 8 % of the members' thread.
		 * @param lines the lines, each valid during this call; reordered (the ones a filter left
		 * out go last)
		 */
		void acceptAll(ParsedLine[] lines, int count) {
			int kept = 0;
			for (int i = 0; i < count; i++) {
				ParsedLine line = lines[i];
				if (counted(line)) {
					lines[i] = lines[kept];
					lines[kept++] = line;
				}
			}
			for (Aggregate.Accumulator accumulator : this.lineAccumulators) {
				for (int i = 0; i < kept; i++) {
					accumulator.add(lines[i]);
				}
			}
		}

		/** Counts a well-formed line; false if a filter left it out. */
		private boolean counted(ParsedLine line) {
			this.lines++;
			if (this.filtered.length > 0) {
				int filter = this.filters.drop(line);
				if (filter >= 0) {
					this.filtered[filter]++;
					return false;
				}
			}
			this.wellFormed++;
			this.bytes += line.size();
			return true;
		}

		@Override
		public void malformed(String file, RejectedLine rejected) {
			this.lines++;
			this.malformed++;
			for (Aggregate.Accumulator accumulator : this.accumulators) {
				if (accumulator != null) {
					accumulator.malformed(file, rejected);
				}
			}
		}

		/**
		 * Bytes the accumulators hold in distinct keys, samples and time buckets, estimated: what a
		 * chunk costs in memory beyond its fixed counters.
		 */
		public long retainedBytes() {
			long bytes = 0;
			for (Aggregate.Accumulator accumulator : this.holding) {
				bytes += accumulator.retainedBytes();
			}
			return bytes;
		}

		/** How many aggregates the source has, this builder's or not. */
		int aggregates() {
			return this.accumulators.length;
		}

		/** How many of this builder's accumulators read each well-formed line. */
		int lineAccumulators() {
			return this.lineAccumulators.length;
		}

		/** Lines added since the last {@link #build}. */
		public int lines() {
			return this.lines;
		}

		/**
		 * The delta of the lines added so far; the builder starts over.
		 * @param end the position after the last line added
		 * @param files what the chunk stores of the files its lines came from
		 */
		public ChunkDelta build(FilePosition end, FilesUpdate files) {
			Assert.state(this.lines > 0, "a chunk has at least one line");
			Aggregate.ChunkCounts counts = takeCounts();
			return assemble(end, counts, drain(counts, new ChunkWrites[this.accumulators.length]), files);
		}

		/** The counts of the lines added so far; they start over. */
		Aggregate.ChunkCounts takeCounts() {
			Map<String, Long> filteredBy = new TreeMap<>();
			for (int i = 0; i < this.filtered.length; i++) {
				if (this.filtered[i] > 0) {
					filteredBy.merge(this.filters.name(i), this.filtered[i], Long::sum);
					this.filtered[i] = 0;
				}
			}
			Aggregate.ChunkCounts counts = new Aggregate.ChunkCounts(this.wellFormed, this.malformed, this.bytes, filteredBy);
			this.wellFormed = 0;
			this.malformed = 0;
			this.bytes = 0;
			this.lines = 0;
			return counts;
		}

		/**
		 * Puts the part of each accumulator this builder runs at its aggregate's index of
		 * {@code parts}, and starts them over.
		 * @return {@code parts}
		 */
		ChunkWrites[] drain(Aggregate.ChunkCounts counts, ChunkWrites[] parts) {
			for (int i = 0; i < this.accumulators.length; i++) {
				if (this.accumulators[i] != null) {
					parts[i] = this.accumulators[i].drain(counts);
				}
			}
			return parts;
		}

		/** The delta of a chunk's counts and its aggregates' parts (null where none), in their order. */
		static ChunkDelta assemble(FilePosition end, Aggregate.ChunkCounts counts, ChunkWrites[] parts, FilesUpdate files) {
			List<ChunkWrites> writes = new ArrayList<>(parts.length);
			for (ChunkWrites part : parts) {
				if (part != null) {
					writes.add(part);
				}
			}
			return new ChunkDelta(end, counts.lines(), counts.malformed(), counts.bytes(), writes, files);
		}

	}

}

package io.logagg.aggregate;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.logagg.parse.AccessLogEntry;
import io.logagg.read.FilePosition;
import io.logagg.read.FilesUpdate;
import io.logagg.read.LineConsumer;
import io.logagg.read.PrintableName;
import io.logagg.read.ReadLine;
import io.logagg.read.RejectedLine;

import org.springframework.util.Assert;

/**
 * What one chunk adds to a source's aggregates, pre-aggregated so that the Redis commands it takes
 * grow with the distinct keys in the chunk, not with its lines; and the position after its last
 * line, which becomes the checkpoint in the same transaction.
 *
 * @param end position after the chunk's last line
 * @param lines well-formed lines
 * @param malformed malformed lines
 * @param bytes sum of the well-formed lines' response sizes
 * @param status count per status code
 * @param minutes count per UTC minute, keyed {@code yyyy-MM-ddTHH:mm}
 * @param paths count per request path
 * @param samples the chunk's malformed lines as {@code file TAB offset TAB excerpt}, at most
 * {@link #MAX_SAMPLES}
 * @param files the records of the files the chunk read from, stored with its checkpoint
 */
public record ChunkDelta(FilePosition end, long lines, long malformed, long bytes, Map<String, Long> status,
		Map<String, Long> minutes, Map<String, Long> paths, List<String> samples, FilesUpdate files) {

	/** Malformed lines a chunk offers as samples; the source keeps the first ones it sees. */
	public static final int MAX_SAMPLES = 1000;

	private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

	public ChunkDelta {
		Assert.notNull(end, "end must not be null");
		status = Collections.unmodifiableMap(status);
		minutes = Collections.unmodifiableMap(minutes);
		paths = Collections.unmodifiableMap(paths);
		samples = List.copyOf(samples);
		Assert.notNull(files, "files must not be null");
	}

	/**
	 * Sums the lines of one chunk.
	 * @param lines the chunk's lines, in file order, at least one
	 * @return the chunk's delta, ending after its last line
	 */
	public static ChunkDelta of(List<? extends ReadLine> lines) {
		Assert.notEmpty(lines, "a chunk has at least one line");
		Builder builder = new Builder();
		for (ReadLine line : lines) {
			AccessLogEntry entry = line.entry();
			if (entry == null) {
				builder.malformed(line.end().file(), line.rejected());
			}
			else if (entry.path() == null) {
				builder.entry(entry.status(), entry.epochMinute(), entry.bytes(), null, -1, -1);
			}
			else {
				byte[] path = entry.path().getBytes(StandardCharsets.UTF_8);
				builder.entry(entry.status(), entry.epochMinute(), entry.bytes(), path, 0, path.length);
			}
		}
		return builder.build(lines.get(lines.size() - 1).end(), FilesUpdate.NONE);
	}

	/**
	 * Sums lines one at a time as the reader hands them on, so that a chunk's lines need not be
	 * kept, and none becomes an object. Not thread-safe; reusable after {@link #build}.
	 */
	public static final class Builder implements LineConsumer {

		private long wellFormed;

		private long malformed;

		private long bytes;

		private final long[] status = new long[1000];

		private final Map<Long, long[]> minutes = new HashMap<>();

		/** The minute of the last line, and its counter: lines come in time order, mostly. */
		private long lastMinute = Long.MIN_VALUE;

		private long[] lastMinuteCount;

		private final PathCounts paths = new PathCounts();

		private final List<String> samples = new ArrayList<>();

		private int lines;

		private long sampleChars;

		@Override
		public void entry(int status, long epochMinute, long bytes, byte[] line, int pathFrom, int pathTo) {
			this.lines++;
			this.wellFormed++;
			this.bytes += bytes;
			this.status[status]++;
			if (epochMinute != this.lastMinute) {
				// A long[1] per key: one allocation per distinct key, none per line.
				this.lastMinuteCount = this.minutes.computeIfAbsent(epochMinute, minute -> new long[1]);
				this.lastMinute = epochMinute;
			}
			this.lastMinuteCount[0]++;
			if (pathFrom >= 0) {
				this.paths.add(line, pathFrom, pathTo);
			}
		}

		@Override
		public void malformed(String file, RejectedLine rejected) {
			this.lines++;
			this.malformed++;
			if (rejected != null && this.samples.size() < MAX_SAMPLES) {
				// The name escaped: a TAB or newline in it must not split the stored fields.
				String sample = PrintableName.of(file) + "\t" + rejected.offset() + "\t" + rejected.excerpt();
				this.samples.add(sample);
				this.sampleChars += sample.length();
			}
		}

		/**
		 * Characters (path bytes, at worst) the builder holds in distinct paths and malformed
		 * samples: what a chunk costs in memory beyond its fixed counters, up to
		 * {@code max-line-bytes} a line.
		 */
		public long retainedChars() {
			return this.paths.keyBytes() + this.sampleChars;
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
			Map<String, Long> statusCounts = new TreeMap<>();
			for (int code = 0; code < this.status.length; code++) {
				if (this.status[code] > 0) {
					statusCounts.put(STATUS_KEYS[code], this.status[code]);
					this.status[code] = 0;
				}
			}
			Map<String, Long> minuteCounts = new TreeMap<>();
			this.minutes.forEach((minute, count) -> minuteCounts.put(minuteKey(minute), count[0]));
			Map<String, Long> pathCounts = new HashMap<>(this.paths.size() * 2);
			this.paths.drainTo(pathCounts);
			ChunkDelta delta = new ChunkDelta(end, this.wellFormed, this.malformed, this.bytes, statusCounts,
					minuteCounts, pathCounts, this.samples, files);
			this.minutes.clear();
			this.lastMinute = Long.MIN_VALUE;
			this.lastMinuteCount = null;
			this.samples.clear();
			this.wellFormed = 0;
			this.malformed = 0;
			this.bytes = 0;
			this.lines = 0;
			this.sampleChars = 0;
			return delta;
		}

	}

	private static final String[] STATUS_KEYS = new String[1000];

	static {
		for (int code = 0; code < STATUS_KEYS.length; code++) {
			STATUS_KEYS[code] = String.format("%03d", code);
		}
	}

	/** The key of a minute in the per-minute hash: {@code yyyy-MM-ddTHH:mm}, UTC. */
	public static String minuteKey(long epochMinute) {
		return LocalDateTime.ofEpochSecond(epochMinute * 60, 0, ZoneOffset.UTC).format(MINUTE);
	}

}

package io.logagg.aggregate;

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
import io.logagg.read.ReadLine;

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
 */
public record ChunkDelta(FilePosition end, long lines, long malformed, long bytes, Map<String, Long> status,
		Map<String, Long> minutes, Map<String, Long> paths, List<String> samples) {

	/** Malformed lines a chunk offers as samples; the source keeps the first ones it sees. */
	public static final int MAX_SAMPLES = 1000;

	private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

	public ChunkDelta {
		Assert.notNull(end, "end must not be null");
		status = Collections.unmodifiableMap(status);
		minutes = Collections.unmodifiableMap(minutes);
		paths = Collections.unmodifiableMap(paths);
		samples = List.copyOf(samples);
	}

	/**
	 * Sums the lines of one chunk.
	 * @param lines the chunk's lines, in file order, at least one
	 * @return the chunk's delta, ending after its last line
	 */
	public static ChunkDelta of(List<? extends ReadLine> lines) {
		Assert.notEmpty(lines, "a chunk has at least one line");
		Builder builder = new Builder();
		lines.forEach(builder::add);
		return builder.build();
	}

	/**
	 * Sums lines one at a time, so that a chunk's lines need not be kept. Not thread-safe; reusable
	 * after {@link #build}.
	 */
	public static final class Builder {

		private long wellFormed;

		private long malformed;

		private long bytes;

		private final long[] status = new long[1000];

		private final Map<Long, long[]> minutes = new HashMap<>();

		private final Map<String, long[]> paths = new HashMap<>();

		private final List<String> samples = new ArrayList<>();

		private FilePosition end;

		private int lines;

		private long retainedChars;

		/** Adds the next line of the chunk. */
		public void add(ReadLine line) {
			this.end = line.end();
			this.lines++;
			AccessLogEntry entry = line.entry();
			if (entry == null) {
				this.malformed++;
				if (line.rejected() != null && this.samples.size() < MAX_SAMPLES) {
					String sample = line.end().file() + "\t" + line.rejected().offset() + "\t" + line.rejected().excerpt();
					this.samples.add(sample);
					this.retainedChars += sample.length();
				}
				return;
			}
			this.wellFormed++;
			this.bytes += entry.bytes();
			this.status[entry.status()]++;
			// A long[1] per key: one allocation per distinct key, none per line.
			this.minutes.computeIfAbsent(entry.epochMinute(), minute -> new long[1])[0]++;
			if (entry.path() != null) {
				long[] count = this.paths.get(entry.path());
				if (count == null) {
					count = new long[1];
					this.paths.put(entry.path(), count);
					this.retainedChars += entry.path().length();
				}
				count[0]++;
			}
		}

		/**
		 * Characters the builder holds in distinct paths and malformed samples: what a chunk costs
		 * in memory beyond its fixed counters, up to {@code max-line-bytes} a line.
		 */
		public long retainedChars() {
			return this.retainedChars;
		}

		/** Lines added since the last {@link #build}. */
		public int lines() {
			return this.lines;
		}

		/** The delta of the lines added so far; the builder starts over. */
		public ChunkDelta build() {
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
			this.paths.forEach((path, count) -> pathCounts.put(path, count[0]));
			ChunkDelta delta = new ChunkDelta(this.end, this.wellFormed, this.malformed, this.bytes, statusCounts,
					minuteCounts, pathCounts, this.samples);
			this.minutes.clear();
			this.paths.clear();
			this.samples.clear();
			this.wellFormed = 0;
			this.malformed = 0;
			this.bytes = 0;
			this.lines = 0;
			this.retainedChars = 0;
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

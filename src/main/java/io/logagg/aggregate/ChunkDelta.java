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
		long wellFormed = 0;
		long malformed = 0;
		long bytes = 0;
		long[] status = new long[1000];
		Map<Long, Long> minutes = new HashMap<>();
		Map<String, Long> paths = new HashMap<>();
		List<String> samples = new ArrayList<>();
		for (ReadLine line : lines) {
			AccessLogEntry entry = line.entry();
			if (entry == null) {
				malformed++;
				if (line.rejected() != null && samples.size() < MAX_SAMPLES) {
					samples.add(line.end().file() + "\t" + line.rejected().offset() + "\t" + line.rejected().excerpt());
				}
				continue;
			}
			wellFormed++;
			bytes += entry.bytes();
			status[entry.status()]++;
			minutes.merge(entry.epochMinute(), 1L, Long::sum);
			if (entry.path() != null) {
				paths.merge(entry.path(), 1L, Long::sum);
			}
		}
		Map<String, Long> statusCounts = new TreeMap<>();
		for (int code = 0; code < status.length; code++) {
			if (status[code] > 0) {
				statusCounts.put(String.format("%03d", code), status[code]);
			}
		}
		Map<String, Long> minuteCounts = new TreeMap<>();
		minutes.forEach((minute, count) -> minuteCounts.put(minuteKey(minute), count));
		return new ChunkDelta(lines.get(lines.size() - 1).end(), wellFormed, malformed, bytes, statusCounts,
				minuteCounts, paths, samples);
	}

	/** The key of a minute in the per-minute hash: {@code yyyy-MM-ddTHH:mm}, UTC. */
	public static String minuteKey(long epochMinute) {
		return LocalDateTime.ofEpochSecond(epochMinute * 60, 0, ZoneOffset.UTC).format(MINUTE);
	}

}

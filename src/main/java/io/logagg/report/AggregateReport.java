package io.logagg.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.logagg.checkpoint.KeyLayout;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;

/**
 * A source's aggregates as {@code report} prints them; the JSON form is this record as is.
 *
 * @param source the source name
 * @param lines well-formed lines aggregated
 * @param malformed malformed lines counted
 * @param bytes sum of response sizes
 * @param status count per status code, in code order
 * @param minutes count per UTC minute, in time order
 * @param topPaths the most requested paths, most first
 */
public record AggregateReport(String source, long lines, long malformed, long bytes, Map<String, Long> status,
		Map<String, Long> minutes, List<PathCount> topPaths) {

	/**
	 * @param path a request path
	 * @param count requests for it
	 */
	public record PathCount(String path, long count) {
	}

	/**
	 * Reads a source's aggregates. The reads are separate commands, so a run committing at the same
	 * time may show in some fields and not yet in others.
	 */
	public static AggregateReport read(StringRedisTemplate redis, KeyLayout keys, int top) {
		Map<String, Long> totals = counts(redis, keys.totals());
		Set<TypedTuple<String>> paths = (top > 0) ? redis.opsForZSet().reverseRangeWithScores(keys.paths(), 0, top - 1)
				: Set.of();
		List<PathCount> topPaths = paths.stream()
			.map(tuple -> new PathCount(tuple.getValue(), Math.round(tuple.getScore())))
			.toList();
		Map<String, Long> status = new TreeMap<>(counts(redis, keys.status()));
		Map<String, Long> minutes = new TreeMap<>(counts(redis, keys.minutes()));
		return new AggregateReport(keys.source(), totals.getOrDefault("lines", 0L),
				totals.getOrDefault("malformed", 0L), totals.getOrDefault("bytes", 0L), status, minutes, topPaths);
	}

	private static Map<String, Long> counts(StringRedisTemplate redis, String key) {
		Map<String, Long> counts = new LinkedHashMap<>();
		redis.<String, String>opsForHash().entries(key).forEach((field, value) -> counts.put(field, Long.parseLong(value)));
		return counts;
	}

}

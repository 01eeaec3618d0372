package io.logagg.report;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.logagg.checkpoint.KeyLayout;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The requests per minute of a range, summed over the sources. A source's minutes hash holds every
 * minute it has had lines in (130,000 fields for 90 days), so a range that starts somewhere reads
 * its own minutes ({@code HMGET}, a day's at a time, pipelined) where they are fewer than the
 * hashes hold: a day's report of a 90-day source read the whole series, a third of a second.
 */
final class MinuteCounts {

	/** Minutes asked per command: a day's. */
	private static final int BATCH = 1440;

	private MinuteCounts() {
	}

	/**
	 * Minute {@code yyyy-MM-ddTHH:mm} to requests within {@code [since, until]} (either may be null),
	 * in time order.
	 */
	static Map<String, Long> read(StringRedisTemplate redis, List<KeyLayout> sources, String since, String until) {
		List<String> range = (since != null) ? minutes(redis, sources, since, until) : null;
		Map<String, Long> counts = new TreeMap<>();
		if (range == null) {
			HashReads.summed(redis, sources, KeyLayout::minutes).forEach((minute, count) -> {
				if (RangeMinute.within(minute, since, until)) {
					counts.put(minute, count);
				}
			});
			return counts;
		}
		List<String> keys = new ArrayList<>();
		List<byte[][]> fields = new ArrayList<>();
		List<Integer> firsts = new ArrayList<>();
		for (KeyLayout source : sources) {
			for (int from = 0; from < range.size(); from += BATCH) {
				keys.add(source.minutes());
				firsts.add(from);
				fields.add(range.subList(from, Math.min(range.size(), from + BATCH)).stream()
					.map(minute -> minute.getBytes(StandardCharsets.US_ASCII))
					.toArray(byte[][]::new));
			}
		}
		HashReads.values(redis, keys, fields, (index, values) -> {
			for (int i = 0; i < values.size(); i++) {
				if (values.get(i) != null) {
					counts.merge(range.get(firsts.get(index) + i), HashReads.number(values.get(i)), Long::sum);
				}
			}
		});
		return counts;
	}

	/**
	 * Every minute from {@code since} to {@code until}, or to the end of the sources' last day with
	 * lines; null where they are more than the sources' minutes hashes hold (the whole hashes are
	 * then read) or a bound is no minute.
	 */
	private static List<String> minutes(StringRedisTemplate redis, List<KeyLayout> sources, String since, String until) {
		String end = until;
		long held = 0;
		for (KeyLayout source : sources) {
			held += redis.opsForHash().size(source.minutes());
			if (until == null) {
				Set<String> last = redis.opsForZSet().range(source.days(), -1, -1);
				if (last != null && !last.isEmpty()) {
					String lastMinute = last.iterator().next() + "T23:59";
					end = (end == null || lastMinute.compareTo(end) > 0) ? lastMinute : end;
				}
			}
		}
		if (end == null) {
			return List.of();
		}
		try {
			LocalDateTime minute = LocalDateTime.parse(since, RangeMinute.FORMAT);
			LocalDateTime last = LocalDateTime.parse(end, RangeMinute.FORMAT);
			List<String> range = new ArrayList<>();
			while (!minute.isAfter(last)) {
				if (range.size() >= held) {
					return null;
				}
				range.add(minute.format(RangeMinute.FORMAT));
				minute = minute.plusMinutes(1);
			}
			return range;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}

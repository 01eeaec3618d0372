package io.logagg.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import io.logagg.checkpoint.KeyLayout;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Request durations over days and minutes, summed over the sources: each {@code latency:DAY} and
 * {@code latency:MINUTE} hash a histogram (bucket index to count), read in pipelines, with the
 * durations of the chunks not folded yet ({@link PendingCounts#latency}) added.
 */
final class LatencyHistograms {

	private LatencyHistograms() {
	}

	/** The minutes of the days within {@code [since, until]}. */
	static List<String> minutes(List<String> days, String since, String until) {
		List<String> minutes = new ArrayList<>();
		for (String day : days) {
			for (int minute = 0; minute < 1440; minute++) {
				String name = String.format("%sT%02d:%02d", day, minute / 60, minute % 60);
				if (RangeMinute.within(name, since, until)) {
					minutes.add(name);
				}
			}
		}
		return minutes;
	}

	/**
	 * The buckets of the range: whole days from the day hashes, the minutes of a day the range cuts
	 * from the minute hashes.
	 * @param daysRead the days' histograms, read already
	 * @param minuteSums per day, its minutes in the range summed, where the per-minute series read
	 * them already; null where it did not
	 */
	static BucketCounts ofRange(StringRedisTemplate redis, List<KeyLayout> sources, List<String> days, String since, String until,
			Map<String, BucketCounts> daysRead, Map<String, BucketCounts> minuteSums, PendingCounts pending) {
		BucketCounts buckets = new BucketCounts();
		for (String day : days) {
			boolean cutAtStart = since != null && since.startsWith(day) && !since.endsWith("T00:00");
			boolean cutAtEnd = until != null && until.startsWith(day) && !until.endsWith("T23:59");
			if (!cutAtStart && !cutAtEnd) {
				buckets.addAll(daysRead.get(day));
			}
			else if (minuteSums != null) {
				BucketCounts read = minuteSums.get(day);
				if (read != null) {
					buckets.addAll(read);
				}
			}
			else {
				read(redis, sources, minutes(List.of(day), since, until), pending, (minute, ofMinute) -> buckets.addAll(ofMinute));
			}
		}
		return buckets;
	}

	/** The histograms of days or minutes, in their order, read at once. */
	static Map<String, BucketCounts> read(StringRedisTemplate redis, List<KeyLayout> sources, List<String> daysOrMinutes,
			PendingCounts pending) {
		Map<String, BucketCounts> histograms = new LinkedHashMap<>();
		read(redis, sources, daysOrMinutes, pending, histograms::put);
		return histograms;
	}

	/**
	 * Reads the histograms of days or minutes and hands each to {@code each} as soon as it is whole:
	 * a day's 1,440 minutes need not be held at once.
	 */
	static void read(StringRedisTemplate redis, List<KeyLayout> sources, List<String> daysOrMinutes, PendingCounts pending,
			BiConsumer<String, BucketCounts> each) {
		List<String> keys = new ArrayList<>(daysOrMinutes.size() * sources.size());
		for (String name : daysOrMinutes) {
			for (KeyLayout source : sources) {
				keys.add(source.latency(name));
			}
		}
		BucketCounts[] current = { new BucketCounts() };
		HashReads.forEach(redis, keys, (index, hash) -> {
			hash.forEach((bucket, count) -> current[0].add((int) HashReads.number(bucket), HashReads.number(count)));
			if (index % sources.size() == sources.size() - 1) {
				String name = daysOrMinutes.get(index / sources.size());
				BucketCounts notFolded = pending.latency(name);
				if (notFolded != null) {
					current[0].addAll(notFolded);
				}
				each.accept(name, current[0]);
				current[0] = new BucketCounts();
			}
		});
	}

}

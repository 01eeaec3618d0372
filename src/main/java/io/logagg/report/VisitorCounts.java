package io.logagg.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.logagg.checkpoint.KeyLayout;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Unique visitors per day and over all days, as the union of the sources' HyperLogLogs. One
 * source's keys share its hash tag, so PFCOUNT reads them together. Several sources may live on
 * different Redis Cluster nodes, where PFCOUNT of several keys fails: their HyperLogLogs are first
 * copied (DUMP and RESTORE, with a short TTL in case the report dies) under one temporary hash tag.
 *
 * @param perDay visitors of each day
 * @param total visitors over all the days
 */
record VisitorCounts(Map<String, Long> perDay, long total) {

	/** How long a copy may outlive a report that died before deleting it. */
	private static final long COPY_TTL_SECONDS = 300;

	static VisitorCounts count(StringRedisTemplate redis, List<KeyLayout> sources, List<String> days) {
		if (sources.size() == 1) {
			KeyLayout keys = sources.get(0);
			Map<String, List<String>> byDay = new LinkedHashMap<>();
			days.forEach(day -> byDay.put(day, List.of(keys.visitors(day))));
			return countTogether(redis, byDay);
		}
		String tag = "logagg:{report-" + UUID.randomUUID() + "}:visitors:";
		Map<String, List<String>> copies = new LinkedHashMap<>();
		List<String> written = new ArrayList<>();
		try {
			for (String day : days) {
				List<String> ofDay = new ArrayList<>();
				for (KeyLayout keys : sources) {
					byte[] dump = redis.dump(keys.visitors(day));
					if (dump != null) {
						String copy = tag + written.size();
						redis.restore(copy, dump, COPY_TTL_SECONDS, TimeUnit.SECONDS);
						written.add(copy);
						ofDay.add(copy);
					}
				}
				copies.put(day, ofDay);
			}
			return countTogether(redis, copies);
		}
		finally {
			if (!written.isEmpty()) {
				redis.delete(written);
			}
		}
	}

	/** PFCOUNT of keys that share one hash tag: per day, then all of them. */
	private static VisitorCounts countTogether(StringRedisTemplate redis, Map<String, List<String>> byDay) {
		Map<String, Long> perDay = new LinkedHashMap<>();
		List<String> all = new ArrayList<>();
		byDay.forEach((day, keys) -> {
			perDay.put(day, keys.isEmpty() ? 0L : size(redis, keys));
			all.addAll(keys);
		});
		return new VisitorCounts(perDay, all.isEmpty() ? 0 : size(redis, all));
	}

	private static long size(StringRedisTemplate redis, List<String> keys) {
		Long size = redis.opsForHyperLogLog().size(keys.toArray(String[]::new));
		return (size == null) ? 0 : size;
	}

}

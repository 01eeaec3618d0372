package io.logagg.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ObjLongConsumer;

import io.logagg.aggregate.BucketedField;
import io.logagg.aggregate.PanelAggregate;
import io.logagg.aggregate.SlowPathsAggregate;
import io.logagg.checkpoint.KeyLayout;
import io.logagg.report.DailyAggregates.PanelRow;

import org.springframework.data.redis.core.StringRedisTemplate;

/** The slowPaths panel: each path's durations over the days, from {@code slow-paths:DAY}'s fields, and its rows. */
final class SlowPathRows {

	/** Requests a path needs in the range to be ranked among the slow ones: one slow request is not a slow path. */
	static final int MIN_REQUESTS = 10;

	private SlowPathRows() {
	}

	/**
	 * Each path's durations over the days ({@code BUCKET PATH} fields), folded and pending, every
	 * day's hash of every source in one pipeline; the requests folded into {@code (other)} are left out.
	 */
	static Map<String, BucketCounts> durations(StringRedisTemplate redis, List<KeyLayout> sources, List<String> days,
			PendingCounts pending) {
		Map<String, BucketCounts> paths = new HashMap<>();
		ObjLongConsumer<String> add = (field, count) -> {
			BucketedField read = BucketedField.of(field);
			if (read.bucket() != null && !read.member().equals(PanelAggregate.OTHER)) {
				paths.computeIfAbsent(read.member(), p -> new BucketCounts()).add(read.bucket(), count);
			}
		};
		List<String> keys = new ArrayList<>(days.size() * sources.size());
		for (String day : days) {
			pending.of(SlowPathsAggregate.KIND, day).forEach((field, sum) -> add.accept(field, sum[0]));
			sources.forEach(source -> keys.add(source.slowPaths(day)));
		}
		HashReads.forEach(redis, keys,
				(index, hash) -> hash.forEach((field, count) -> add.accept(HashReads.text(field), HashReads.number(count))));
		return paths;
	}

	/** Paths with at least {@link #MIN_REQUESTS} requests over the days, slowest p95 first (each within 5 %). */
	static List<PanelRow> rows(Map<String, BucketCounts> paths, int top) {
		List<PanelRow> rows = new ArrayList<>();
		paths.forEach((path, buckets) -> {
			long count = buckets.total();
			if (count >= MIN_REQUESTS) {
				rows.add(new PanelRow(path, count, null, p95(buckets)));
			}
		});
		rows.sort(Comparator.comparingDouble((PanelRow row) -> -row.p95()).thenComparing(PanelRow::value));
		return rows.subList(0, Math.min(top, rows.size()));
	}

	/** The p95 in milliseconds of a histogram of {@link SlowPathsAggregate#MAPPING}'s buckets, within 5 %. */
	static double p95(BucketCounts buckets) {
		return Math.round(SlowPathsAggregate.MAPPING.value(buckets.quantile(0.95))) / 1000.0;
	}

}

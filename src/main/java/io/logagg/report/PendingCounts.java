package io.logagg.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import io.logagg.aggregate.DayFieldCounts;
import io.logagg.aggregate.DeltaEncoding;
import io.logagg.aggregate.LatencyAggregate;
import io.logagg.aggregate.MinutesAggregate;
import io.logagg.checkpoint.KeyLayout;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * What the sources' committed chunks added to the panels, slowPaths, paths and latency that no fold has written
 * yet: their pending deltas, summed per kind, for a report to add to the folded keys. A fold that
 * lands between this read and the keys' would count its deltas twice (or, read the other way,
 * not at all), so a reader checks with {@link #stillCurrent} that no fold ran meanwhile.
 */
final class PendingCounts {

	private final Map<String, DayFieldCounts> parts;

	private final List<KeyLayout> sources;

	/** Each source's fold count when its deltas were read. */
	private final List<String> folds;

	private final Map<String, Map<Long, Map<String, long[]>>> decoded = new HashMap<>();

	/** The pending durations by day and by minute name: made on the first ask. */
	private Map<String, BucketCounts> latency;

	private PendingCounts(Map<String, DayFieldCounts> parts, List<KeyLayout> sources, List<String> folds) {
		this.parts = parts;
		this.sources = sources;
		this.folds = folds;
	}

	/** Reads the pending deltas of every source: a round trip each. */
	static PendingCounts read(StringRedisTemplate redis, List<KeyLayout> sources) {
		Map<String, DayFieldCounts> parts = new HashMap<>();
		List<String> folds = new ArrayList<>(sources.size());
		for (KeyLayout keys : sources) {
			// Two reads, not a pipeline: Spring Data Redis pipelines no cluster connection.
			folds.add(redis.<String, String>opsForHash().get(keys.checkpoint(), "folds"));
			List<byte[]> deltas = redis.execute((RedisConnection connection) -> connection.listCommands()
				.lRange(bytes(keys.pending()), 0, -1), true);
			if (deltas != null) {
				deltas.forEach(delta -> DeltaEncoding.decodeInto(delta, parts));
			}
		}
		return new PendingCounts(parts, List.copyOf(sources), folds);
	}

	/**
	 * What {@code read} makes of the keys with the pending deltas added, read again if a fold lands
	 * meanwhile (at most three times, then the last is kept).
	 */
	static <T> T consistently(StringRedisTemplate redis, List<KeyLayout> sources, Function<PendingCounts, T> read) {
		for (int attempt = 1;; attempt++) {
			PendingCounts pending = read(redis, sources);
			T result = read.apply(pending);
			if (attempt == 3 || pending.stillCurrent(redis)) {
				return result;
			}
		}
	}

	/** True if no source has folded since {@link #read}: what it read is still what is pending. */
	boolean stillCurrent(StringRedisTemplate redis) {
		for (int i = 0; i < this.sources.size(); i++) {
			KeyLayout keys = this.sources.get(i);
			String now = redis.<String, String>opsForHash().get(keys.checkpoint(), "folds");
			if (!Objects.equals(this.folds.get(i), now)) {
				return false;
			}
		}
		return true;
	}

	/** The pending counts of a kind ({@code panel:agents}, {@code slowPaths}) on the day named {@code day}. */
	Map<String, long[]> of(String kind, String day) {
		DayFieldCounts counts = this.parts.get(kind);
		if (counts == null) {
			return Map.of();
		}
		// Decoded once per kind: a report asks for each of its days.
		Map<String, long[]> fields = this.decoded.computeIfAbsent(kind, k -> counts.days())
			.get(java.time.LocalDate.parse(day).toEpochDay());
		return (fields != null) ? fields : Map.of();
	}

	/**
	 * The pending durations of the day ({@code yyyy-MM-dd}) or minute ({@code yyyy-MM-ddTHH:mm})
	 * named {@code name}, summed over the sources; null if none wait for a fold.
	 */
	BucketCounts latency(String name) {
		if (this.latency == null) {
			this.latency = new HashMap<>();
			DayFieldCounts counts = this.parts.get(LatencyAggregate.KIND);
			if (counts != null) {
				counts.days().forEach((minute, buckets) -> {
					String minuteName = MinutesAggregate.minuteKey(minute);
					BucketCounts ofMinute = this.latency.computeIfAbsent(minuteName, m -> new BucketCounts());
					BucketCounts ofDay = this.latency.computeIfAbsent(minuteName.substring(0, 10), d -> new BucketCounts());
					buckets.forEach((bucket, sum) -> {
						ofMinute.add(Integer.parseInt(bucket), sum[0]);
						ofDay.add(Integer.parseInt(bucket), sum[0]);
					});
				});
			}
		}
		return this.latency.get(name);
	}

	/** The pending counts of a kind over all its days, summed: the all-time paths' ({@code paths}). */
	Map<String, Long> ofAllDays(String kind) {
		DayFieldCounts counts = this.parts.get(kind);
		if (counts == null) {
			return Map.of();
		}
		Map<String, Long> sum = new HashMap<>();
		this.decoded.computeIfAbsent(kind, k -> counts.days())
			.values()
			.forEach(fields -> fields.forEach((field, counted) -> sum.merge(field, counted[0], Long::sum)));
		return sum;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}

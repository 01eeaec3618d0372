package io.logagg.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.logagg.aggregate.LatencyAggregate;
import io.logagg.aggregate.Panel;
import io.logagg.aggregate.SlowPathsAggregate;
import io.logagg.checkpoint.KeyLayout;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * What a report shows of the time-bucketed aggregates over a range: visitors, latency percentiles,
 * the panels and the days. Panels and visitors are kept per UTC day, so a range uses the days it
 * touches ({@link #panelDays}); latency is kept per minute too and follows the range to the minute.
 *
 * @param visitors unique visitors over the days (the union of their HyperLogLogs)
 * @param latency request durations, or null if the source has none in the range
 * @param panels per panel name, its top rows over the days, most requests first
 * @param days each day in the range: lines, bytes, visitors
 * @param panelDays the days the panels and visitors cover
 * @param errors per UTC minute of the range with any, its 4xx and 5xx responses
 * @param latencyMinutes per UTC minute with durations, its percentiles, when the range covers at most
 * {@link #LATENCY_MINUTES_DAYS} days (empty otherwise: the days carry theirs)
 */
public record DailyAggregates(long visitors, @JsonInclude(JsonInclude.Include.NON_NULL) Latency latency,
		Map<String, List<PanelRow>> panels, List<DayRow> days, List<String> panelDays, Map<String, Errors> errors,
		Map<String, Latency> latencyMinutes) {

	/** Nothing kept. */
	public static final DailyAggregates NONE = new DailyAggregates(0, null, Map.of(), List.of(), List.of(), Map.of(), Map.of());

	/** Ranges of at most this many days get latency per minute. */
	public static final int LATENCY_MINUTES_DAYS = 2;

	/**
	 * The errors of one minute.
	 *
	 * @param clientErrors responses 4xx
	 * @param serverErrors responses 5xx
	 */
	public record Errors(@JsonProperty("4xx") long clientErrors, @JsonProperty("5xx") long serverErrors) {
	}

	/**
	 * A row of a panel.
	 *
	 * @param value the member (a path, an address, a site...)
	 * @param count its requests
	 * @param bytes their response bytes, or null if the panel does not keep them
	 * @param p95 the 95th percentile of their durations in milliseconds (within 5 %): in the slowPaths
	 * panel, and where {@code mean} is
	 * @param mean their mean duration in milliseconds, over those with one, in the panels of what is
	 * served and to whom (paths, static, notFound, hosts, vhosts) where the format has durations and
	 * the panel's timed panel ({@code pathsTime}...) is kept
	 */
	public record PanelRow(String value, long count, @JsonInclude(JsonInclude.Include.NON_NULL) Long bytes,
			@JsonInclude(JsonInclude.Include.NON_NULL) Double p95, @JsonInclude(JsonInclude.Include.NON_NULL) Double mean) {

		public PanelRow(String value, long count, Long bytes) {
			this(value, count, bytes, null, null);
		}

		public PanelRow(String value, long count, Long bytes, Double p95) {
			this(value, count, bytes, p95, null);
		}

	}

	/**
	 * One UTC day.
	 *
	 * @param day {@code yyyy-MM-dd}
	 * @param lines its well-formed lines
	 * @param bytes their response bytes
	 * @param visitors its unique visitors
	 * @param latency its request durations, or null if it has none
	 */
	public record DayRow(String day, long lines, long bytes, long visitors, @JsonInclude(JsonInclude.Include.NON_NULL) Latency latency) {
	}

	/**
	 * Percentiles of the request durations, in milliseconds, each within 1 % of the true value.
	 *
	 * @param count durations counted
	 * @param p50 median
	 * @param p90 90th percentile
	 * @param p95 95th percentile
	 * @param p99 99th percentile
	 * @param max the longest
	 */
	public record Latency(long count, double p50, double p90, double p95, double p99, double max) {

		/** The percentiles of a histogram of {@link LatencyAggregate#MAPPING}'s buckets; null if it is empty. */
		static Latency of(BucketCounts buckets) {
			long count = buckets.total();
			if (count == 0) {
				return null;
			}
			return new Latency(count, millis(buckets.quantile(0.50)), millis(buckets.quantile(0.90)), millis(buckets.quantile(0.95)),
					millis(buckets.quantile(0.99)), millis(buckets.lastBucket()));
		}

		private static double millis(int bucket) {
			// Microseconds to milliseconds, rounded to the microsecond: 1 % is the precision anyway.
			return Math.round(LatencyAggregate.MAPPING.value(bucket)) / 1000.0;
		}

	}

	/**
	 * Reads the aggregates of the days that {@code [since, until]} touches (minutes
	 * {@code yyyy-MM-ddTHH:mm}, either may be null), summed over the sources (visitors as the
	 * union), through separate reads: a run committing at the same time may show in some and not
	 * yet in others. The panels add the deltas no fold has written yet; a fold during the read
	 * makes it read again (at most three times, then it keeps the last).
	 */
	public static DailyAggregates read(StringRedisTemplate redis, List<KeyLayout> sources, int top, String since, String until) {
		return read(redis, sources, top, since, until, DerivedPanels.withoutGeography());
	}

	/** As {@link #read(StringRedisTemplate, List, int, String, String)}, the derived panels worked out by {@code derived}. */
	public static DailyAggregates read(StringRedisTemplate redis, List<KeyLayout> sources, int top, String since, String until,
			DerivedPanels derived) {
		return PendingCounts.consistently(redis, sources, pending -> read(redis, sources, top, since, until, pending, derived));
	}

	/** One read against the pending deltas {@code pending}: the caller checks they are still current. */
	static DailyAggregates read(StringRedisTemplate redis, List<KeyLayout> sources, int top, String since, String until,
			PendingCounts pending, DerivedPanels derived) {
		Set<String> known = new TreeSet<>();
		for (KeyLayout keys : sources) {
			Set<String> days = redis.opsForZSet().range(keys.days(), 0, -1);
			if (days != null) {
				known.addAll(days);
			}
		}
		List<String> inRange = new ArrayList<>();
		for (String day : known) {
			boolean afterStart = since == null || day.compareTo(since.substring(0, 10)) >= 0;
			if (afterStart && (until == null || day.compareTo(until.substring(0, 10)) <= 0)) {
				inRange.add(day);
			}
		}
		List<String> dayKeys = new ArrayList<>(inRange.size() * sources.size());
		inRange.forEach(day -> sources.forEach(keys -> dayKeys.add(keys.day(day))));
		Map<String, long[]> totals = new LinkedHashMap<>();
		HashReads.forEach(redis, dayKeys, (index, hash) -> hash.forEach((field, value) -> {
			// A day past its retention everywhere has no hash, and is left out.
			long[] sum = totals.computeIfAbsent(inRange.get(index / sources.size()), day -> new long[2]);
			String name = HashReads.text(field);
			if (name.equals("lines")) {
				sum[0] += HashReads.number(value);
			}
			else if (name.equals("bytes")) {
				sum[1] += HashReads.number(value);
			}
		}));
		List<String> kept = new ArrayList<>(totals.keySet());
		if (kept.isEmpty()) {
			return NONE;
		}
		VisitorCounts visitors = VisitorCounts.count(redis, sources, kept);
		List<DayRow> rows = new ArrayList<>();
		Map<String, BucketCounts> dayBuckets = LatencyHistograms.read(redis, sources, kept, pending);
		for (String day : kept) {
			long[] sum = totals.get(day);
			rows.add(new DayRow(day, sum[0], sum[1], visitors.perDay().get(day), Latency.of(dayBuckets.get(day))));
		}
		Map<String, List<PanelRow>> panels = new LinkedHashMap<>();
		Map<String, BucketCounts> pathDurations = SlowPathRows.durations(redis, sources, kept, pending);
		for (Panel panel : Panel.values()) {
			if (panel.timeOf() != null) {
				// Not a panel of its own: its panel's rows' durations.
				continue;
			}
			// A derived panel may sum every member's bytes; other panels need only their rows'.
			boolean allBytes = derived.needsAllBytes(panel);
			Map<String, long[]> members = PanelMembers.read(redis, sources, panel, kept, pending, allBytes);
			if (members.isEmpty()) {
				continue;
			}
			List<PanelRow> shown = allBytes ? PanelMembers.top(members, top, true)
					: PanelMembers.top(redis, sources, panel, kept, members, top);
			for (Panel timed : Panel.values()) {
				if (timed.timeOf() == panel) {
					shown = PanelMembers.withDurations(redis, sources, timed, kept, pending, shown);
				}
			}
			if (panel == Panel.PATHS && !pathDurations.isEmpty()) {
				// A path's p95 is slowPaths': the same requests, kept per bucket once.
				shown = shown.stream().map(row -> {
					BucketCounts buckets = pathDurations.get(row.value());
					return (buckets == null || row.p95() != null) ? row
							: new PanelRow(row.value(), row.count(), row.bytes(), SlowPathRows.p95(buckets), row.mean());
				}).toList();
			}
			panels.put(panel.id(), shown);
			derived.addTo(panels, panel, members, top);
		}
		List<PanelRow> slowPaths = SlowPathRows.rows(pathDurations, top);
		if (!slowPaths.isEmpty()) {
			panels.put(SlowPathsAggregate.PANEL, slowPaths);
		}
		// Per minute only where there are durations: a format without them would read 1,440 empty keys a day.
		Map<String, Latency> perMinute = new TreeMap<>();
		Map<String, BucketCounts> minuteSums = new HashMap<>();
		boolean minutesRead = kept.size() <= LATENCY_MINUTES_DAYS && rows.stream().anyMatch(row -> row.latency() != null);
		if (minutesRead) {
			// Each minute's percentiles as it is read, and its buckets summed per day for the range's.
			LatencyHistograms.read(redis, sources, LatencyHistograms.minutes(kept, since, until), pending, (minute, buckets) -> {
				Latency latency = Latency.of(buckets);
				if (latency != null) {
					perMinute.put(minute, latency);
					minuteSums.computeIfAbsent(minute.substring(0, 10), day -> new BucketCounts()).addAll(buckets);
				}
			});
		}
		BucketCounts rangeLatency = LatencyHistograms.ofRange(redis, sources, kept, since, until, dayBuckets,
				minutesRead ? minuteSums : null, pending);
		return new DailyAggregates(visitors.total(), Latency.of(rangeLatency), panels, rows, kept,
				ErrorMinutes.read(redis, sources, kept, since, until), perMinute);
	}

	/** The panel of browser families, worked out from the agents. */
	public static final String BROWSERS = "browsers";

	/** The panel of crawlers by name, worked out from the agents at report time. */
	public static final String CRAWLERS = "crawlers";

	/** The panel of operating system families, worked out from the agents. */
	public static final String SYSTEMS = "os";

}

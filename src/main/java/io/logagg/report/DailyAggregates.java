package io.logagg.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ObjLongConsumer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.logagg.aggregate.LatencyAggregate;
import io.logagg.aggregate.Panel;
import io.logagg.aggregate.PanelAggregate;
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

	/** Requests a path needs in the range to be ranked among the slow ones: one slow request is not a slow path. */
	public static final int SLOW_PATH_MIN_REQUESTS = 10;

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
		GeoDatabases geo = derived.geo();
		Set<String> known = new TreeSet<>();
		for (KeyLayout keys : sources) {
			Set<String> days = redis.opsForZSet().range(keys.days(), 0, -1);
			if (days != null) {
				known.addAll(days);
			}
		}
		List<String> kept = new ArrayList<>();
		Map<String, long[]> totals = new LinkedHashMap<>();
		for (String day : known) {
			if ((since != null && day.compareTo(since.substring(0, 10)) < 0) || (until != null && day.compareTo(until.substring(0, 10)) > 0)) {
				continue;
			}
			long[] sum = null;
			for (KeyLayout keys : sources) {
				Map<Object, Object> ofSource = redis.opsForHash().entries(keys.day(day));
				if (!ofSource.isEmpty()) {
					sum = (sum != null) ? sum : new long[2];
					sum[0] += number(ofSource.get("lines"));
					sum[1] += number(ofSource.get("bytes"));
				}
			}
			if (sum != null) { // otherwise past its retention everywhere
				kept.add(day);
				totals.put(day, sum);
			}
		}
		if (kept.isEmpty()) {
			return NONE;
		}
		VisitorCounts visitors = VisitorCounts.count(redis, sources, kept);
		List<DayRow> rows = new ArrayList<>();
		Map<String, BucketCounts> dayBuckets = latencyBuckets(redis, sources, kept);
		for (String day : kept) {
			long[] sum = totals.get(day);
			rows.add(new DayRow(day, sum[0], sum[1], visitors.perDay().get(day), Latency.of(dayBuckets.get(day))));
		}
		Map<String, List<PanelRow>> panels = new LinkedHashMap<>();
		Map<String, BucketCounts> pathDurations = pathDurations(redis, sources, kept, pending);
		for (Panel panel : Panel.values()) {
			if (panel.timeOf() != null) {
				// Not a panel of its own: its panel's rows' durations.
				continue;
			}
			// The countries and networks sum every client's bytes; other panels need only their rows'.
			boolean allBytes = panel == Panel.HOSTS && !geo.isEmpty();
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
							: new PanelRow(row.value(), row.count(), row.bytes(), p95(buckets), row.mean());
				}).toList();
			}
			panels.put(panel.id(), shown);
			if (panel == Panel.HOSTS && !geo.isEmpty()) {
				Map<String, long[]> countries = new HashMap<>();
				Map<String, long[]> systems = new HashMap<>();
				geo.sum(members, countries, systems);
				if (!countries.isEmpty()) {
					panels.put(GeoDatabases.COUNTRIES, PanelMembers.top(countries, top, true));
				}
				if (!systems.isEmpty()) {
					panels.put(GeoDatabases.ASN, PanelMembers.top(systems, top, true));
				}
			}
			if (panel == Panel.AGENTS) {
				Map<String, long[]> browsers = new HashMap<>();
				Map<String, long[]> systems = new HashMap<>();
				Map<String, long[]> crawlers = new HashMap<>();
				derived.families().sum(members, browsers, systems, crawlers);
				panels.put(BROWSERS, PanelMembers.top(browsers, top, false));
				panels.put(SYSTEMS, PanelMembers.top(systems, top, false));
				if (!crawlers.isEmpty()) {
					panels.put(CRAWLERS, PanelMembers.top(crawlers, top, false));
				}
			}
		}
		List<PanelRow> slowPaths = slowPaths(pathDurations, top);
		if (!slowPaths.isEmpty()) {
			panels.put(SlowPathsAggregate.PANEL, slowPaths);
		}
		// Per minute only where there are durations: a format without them would read 1,440 empty keys a day.
		Map<String, Latency> perMinute = new TreeMap<>();
		Map<String, BucketCounts> minuteSums = new HashMap<>();
		boolean minutesRead = kept.size() <= LATENCY_MINUTES_DAYS && rows.stream().anyMatch(row -> row.latency() != null);
		if (minutesRead) {
			// Each minute's percentiles as it is read, and its buckets summed per day for the range's.
			latencyBuckets(redis, sources, minutes(kept, since, until), (minute, buckets) -> {
				Latency latency = Latency.of(buckets);
				if (latency != null) {
					perMinute.put(minute, latency);
					minuteSums.computeIfAbsent(minute.substring(0, 10), day -> new BucketCounts()).addAll(buckets);
				}
			});
		}
		return new DailyAggregates(visitors.total(), Latency.of(latency(redis, sources, kept, since, until, dayBuckets, minutesRead ? minuteSums : null)),
				panels, rows, kept, errors(redis, sources, kept, since, until), perMinute);
	}

	/** The minutes of the days within {@code [since, until]}. */
	private static List<String> minutes(List<String> days, String since, String until) {
		List<String> minutes = new ArrayList<>();
		for (String day : days) {
			for (int minute = 0; minute < 1440; minute++) {
				String name = String.format("%sT%02d:%02d", day, minute / 60, minute % 60);
				if ((since == null || name.compareTo(since) >= 0) && (until == null || name.compareTo(until) <= 0)) {
					minutes.add(name);
				}
			}
		}
		return minutes;
	}

	/**
	 * Paths with at least {@link #SLOW_PATH_MIN_REQUESTS} requests over the days, slowest p95 first
	 * (each within 5 %); the requests folded into {@code (other)} are left out.
	 */
	private static List<PanelRow> slowPaths(Map<String, BucketCounts> paths, int top) {
		List<PanelRow> rows = new ArrayList<>();
		paths.forEach((path, buckets) -> {
			long count = buckets.total();
			if (count >= SLOW_PATH_MIN_REQUESTS) {
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

	/**
	 * Each path's durations over the days, from slowPaths' fields ({@code BUCKET PATH}), folded and
	 * pending; the requests folded into {@code (other)} are left out.
	 */
	private static Map<String, BucketCounts> pathDurations(StringRedisTemplate redis, List<KeyLayout> sources, List<String> days,
			PendingCounts pending) {
		Map<String, BucketCounts> paths = new HashMap<>();
		ObjLongConsumer<String> add = (field, count) -> {
			BucketedField read = BucketedField.of(field);
			if (read.bucket() != null && !read.member().equals(PanelAggregate.OTHER)) {
				paths.computeIfAbsent(read.member(), p -> new BucketCounts()).add(read.bucket(), count);
			}
		};
		for (String day : days) {
			pending.of(SlowPathsAggregate.KIND, day).forEach((field, sum) -> add.accept(field, sum[0]));
			List<String> keys = sources.stream().map(source -> source.slowPaths(day)).toList();
			HashReads.forEach(redis, keys,
					(index, hash) -> hash.forEach((field, count) -> add.accept(HashReads.text(field), HashReads.number(count))));
		}
		return paths;
	}

	/** The 4xx and 5xx per minute of the range. */
	private static Map<String, Errors> errors(StringRedisTemplate redis, List<KeyLayout> sources, List<String> days, String since,
			String until) {
		Map<String, long[]> counts = new TreeMap<>();
		for (String day : days) {
			entries(redis, sources, keys -> keys.errors(day)).forEach((text, count) -> {
				// HH:mm 4xx
				String minute = day + "T" + text.substring(0, 5);
				if ((since == null || minute.compareTo(since) >= 0) && (until == null || minute.compareTo(until) <= 0)) {
					counts.computeIfAbsent(minute, m -> new long[2])[text.endsWith("4xx") ? 0 : 1] += count;
				}
			});
		}
		Map<String, Errors> errors = new LinkedHashMap<>();
		counts.forEach((minute, pair) -> errors.put(minute, new Errors(pair[0], pair[1])));
		return errors;
	}

	/** The panel of browser families, worked out from the agents. */
	public static final String BROWSERS = "browsers";

	/** The panel of crawlers by name, worked out from the agents at report time. */
	public static final String CRAWLERS = "crawlers";

	/** The panel of operating system families, worked out from the agents. */
	public static final String SYSTEMS = "os";

	/**
	 * The latency buckets of the range: whole days from the day hashes, the minutes of a day the
	 * range cuts from the minute hashes.
	 */
	private static BucketCounts latency(StringRedisTemplate redis, List<KeyLayout> sources, List<String> days, String since,
			String until, Map<String, BucketCounts> daysRead, Map<String, BucketCounts> minuteSums) {
		BucketCounts buckets = new BucketCounts();
		for (String day : days) {
			boolean cutAtStart = since != null && since.startsWith(day) && !since.endsWith("T00:00");
			boolean cutAtEnd = until != null && until.startsWith(day) && !until.endsWith("T23:59");
			if (!cutAtStart && !cutAtEnd) {
				buckets.addAll(daysRead.get(day));
			}
			else if (minuteSums != null) {
				// The per-minute series has read the day's minutes in the range already.
				BucketCounts read = minuteSums.get(day);
				if (read != null) {
					buckets.addAll(read);
				}
			}
			else {
				latencyBuckets(redis, sources, minutes(List.of(day), since, until), (minute, ofMinute) -> buckets.addAll(ofMinute));
			}
		}
		return buckets;
	}

	/**
	 * The latency histograms of days or minutes (each a bucket index to count), summed over the
	 * sources, read at once.
	 */
	private static Map<String, BucketCounts> latencyBuckets(StringRedisTemplate redis, List<KeyLayout> sources,
			List<String> daysOrMinutes) {
		Map<String, BucketCounts> histograms = new LinkedHashMap<>();
		latencyBuckets(redis, sources, daysOrMinutes, histograms::put);
		return histograms;
	}

	/**
	 * Reads the latency histograms of days or minutes, summed over the sources, and hands each to
	 * {@code each} as soon as it is whole: a day's 1,440 minutes need not be held at once.
	 */
	private static void latencyBuckets(StringRedisTemplate redis, List<KeyLayout> sources, List<String> daysOrMinutes,
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
				each.accept(daysOrMinutes.get(index / sources.size()), current[0]);
				current[0] = new BucketCounts();
			}
		});
	}

	/** A hash of counters, summed field by field over the sources. */
	static Map<String, Long> entries(StringRedisTemplate redis, List<KeyLayout> sources, Function<KeyLayout, String> key) {
		Map<String, Long> sum = new HashMap<>();
		for (KeyLayout keys : sources) {
			redis.<String, String>opsForHash().entries(key.apply(keys))
				.forEach((field, count) -> sum.merge(field, Long.parseLong(count), Long::sum));
		}
		return sum;
	}

	private static long number(Object stored) {
		return (stored == null) ? 0 : Long.parseLong((String) stored);
	}

}

package io.logagg.report;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.logagg.aggregate.PathsAggregate;
import io.logagg.aggregate.TotalsAggregate;
import io.logagg.checkpoint.KeyLayout;
import io.logagg.read.PrintableName;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;

import static io.logagg.aggregate.MalformedSamplesAggregate.REASON;

/**
 * A source's aggregates as {@code report} prints them; the JSON form is this record as is.
 *
 * @param source the source name
 * @param lines well-formed lines aggregated
 * @param malformed malformed lines counted
 * @param bytes sum of response sizes
 * @param status count per status code, in code order
 * @param minutes count per minute (of {@code timeZone}), in time order
 * @param topPaths the most requested paths, most first
 * @param visitors unique visitors over {@code panelDays}
 * @param latency request durations in milliseconds over the range, or null if the source has none
 * @param panels per panel name, its top rows over {@code panelDays}
 * @param days each day of the range: lines, bytes, visitors
 * @param panelDays the days that the panels and visitors cover: those the range touches
 * @param errors per minute of the range with any, its 4xx and 5xx responses
 * @param latencyMinutes per minute, its latency, for ranges of up to two days
 * @param sources the sources whose aggregates are summed here: {@code source} alone, or those a
 * selection ({@code web-*}, {@code web-01,web-02}) matched
 * @param filtered the lines each filter left out, by its name ({@code crawlers}); absent if none did
 * @param timeZone the zone of the days, hours and minutes ({@code logagg.time-zone}); several,
 * joined by commas, when merged sources are counted in different zones
 */
public record AggregateReport(String source, long lines, long malformed, long bytes, Map<String, Long> status,
		Map<String, Long> minutes, List<PathCount> topPaths, long visitors,
		@JsonInclude(JsonInclude.Include.NON_NULL) DailyAggregates.Latency latency,
		Map<String, List<DailyAggregates.PanelRow>> panels, List<DailyAggregates.DayRow> days, List<String> panelDays,
		Map<String, DailyAggregates.Errors> errors, Map<String, DailyAggregates.Latency> latencyMinutes,
		List<String> sources, @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Long> filtered, String timeZone) {

	/** The zone of a source counted before {@code logagg.time-zone} existed, or with its default. */
	public static final String UTC = "UTC";

	/**
	 * @param path a request path
	 * @param count requests for it
	 */
	public record PathCount(String path, long count) {
	}

	/**
	 * Reads a source's aggregates over {@code [since, until]} (minutes {@code yyyy-MM-ddTHH:mm},
	 * inclusive, either may be null): the per-minute series and latency to the minute, the panels
	 * and visitors over the days the range touches; the totals, status codes and top paths stay
	 * those of the source. The reads are separate commands, so a run committing at the same time may
	 * show in some fields and not yet in others.
	 */
	public static AggregateReport read(StringRedisTemplate redis, KeyLayout keys, int top, String since, String until) {
		return read(redis, SourceSelection.of(keys.source()), top, since, until);
	}

	/**
	 * As {@link #read(StringRedisTemplate, KeyLayout, int, String, String)}, the sources of a
	 * selection merged: counters summed, visitors as the union of their HyperLogLogs, latency from
	 * the summed histograms, panels and top paths ranked over the sums.
	 */
	public static AggregateReport read(StringRedisTemplate redis, SourceSelection selection, int top, String since, String until) {
		return read(redis, selection, top, since, until, DerivedPanels.withoutGeography());
	}

	/** As {@link #read(StringRedisTemplate, SourceSelection, int, String, String)}, the derived panels worked out by {@code derived}. */
	public static AggregateReport read(StringRedisTemplate redis, SourceSelection selection, int top, String since, String until,
			DerivedPanels derived) {
		// One reading of the pending deltas for the panels and the top paths.
		return PendingCounts.consistently(redis, selection.keys(), pending -> combined(
				sourceWide(redis, selection, top, pending, MinuteCounts.read(redis, selection.keys(), since, until)),
				DailyAggregates.read(redis, selection.keys(), top, since, until, pending, derived)));
	}

	private static AggregateReport combined(AggregateReport all, DailyAggregates daily) {
		return new AggregateReport(all.source, all.lines, all.malformed, all.bytes, all.status, all.minutes, all.topPaths,
				daily.visitors(), daily.latency(), daily.panels(), daily.days(), daily.panelDays(), daily.errors(),
				daily.latencyMinutes(), all.sources, all.filtered, all.timeZone);
	}

	/** A report of one source's source-wide aggregates alone: totals, status codes, minutes, top paths. */
	public AggregateReport(String source, long lines, long malformed, long bytes, Map<String, Long> status, Map<String, Long> minutes,
			List<PathCount> topPaths) {
		this(source, lines, malformed, bytes, status, minutes, topPaths, 0, null, Map.of(), List.of(), List.of(), Map.of(), Map.of(),
				List.of(source), Map.of(), UTC);
	}

	/** Whether this report sums several sources. */
	@JsonIgnore
	public boolean merged() {
		return this.sources.size() > 1;
	}

	/** The source-wide aggregates (totals, status codes, minutes, top paths), without the daily ones. */
	public static AggregateReport sourceWide(StringRedisTemplate redis, KeyLayout keys, int top) {
		return sourceWide(redis, SourceSelection.of(keys.source()), top);
	}

	/** As {@link #sourceWide(StringRedisTemplate, KeyLayout, int)}, summed over the selected sources. */
	public static AggregateReport sourceWide(StringRedisTemplate redis, SourceSelection selection, int top) {
		if (top <= 0) {
			return sourceWide(redis, selection, top, null);
		}
		return PendingCounts.consistently(redis, selection.keys(), pending -> sourceWide(redis, selection, top, pending));
	}

	/** The source-wide aggregates, the top paths with the counts {@code pending} holds (none asked: null). */
	private static AggregateReport sourceWide(StringRedisTemplate redis, SourceSelection selection, int top, PendingCounts pending) {
		return sourceWide(redis, selection, top, pending, MinuteCounts.read(redis, selection.keys(), null, null));
	}

	/** As {@link #sourceWide(StringRedisTemplate, SourceSelection, int, PendingCounts)}, with the per-minute series {@code minutes}. */
	private static AggregateReport sourceWide(StringRedisTemplate redis, SourceSelection selection, int top, PendingCounts pending,
			Map<String, Long> minutes) {
		List<KeyLayout> sources = selection.keys();
		Map<String, Long> totals = HashReads.summed(redis, sources, KeyLayout::totals);
		Map<String, Long> status = new TreeMap<>(HashReads.summed(redis, sources, KeyLayout::status));
		Map<String, Long> filtered = new TreeMap<>();
		totals.forEach((field, count) -> {
			if (field.startsWith(TotalsAggregate.FILTERED)) {
				filtered.put(field.substring(TotalsAggregate.FILTERED.length()), count);
			}
		});
		return new AggregateReport(selection.given(), totals.getOrDefault("lines", 0L), totals.getOrDefault("malformed", 0L),
				totals.getOrDefault("bytes", 0L), status, minutes,
				(top > 0) ? topPaths(redis, sources, top, pending.ofAllDays(PathsAggregate.KIND)) : List.of(), 0, null, Map.of(), List.of(),
				List.of(), Map.of(), Map.of(), selection.sources(), filtered, timeZone(redis, sources));
	}

	/**
	 * The zone the sources' days, hours and minutes are in ({@code logagg.time-zone}, kept in each
	 * source's checkpoint), or the zones of each, joined, if merged sources differ.
	 */
	private static String timeZone(StringRedisTemplate redis, List<KeyLayout> sources) {
		Set<String> zones = new TreeSet<>();
		for (KeyLayout keys : sources) {
			String zone = redis.<String, String>opsForHash().get(keys.checkpoint(), "zone");
			zones.add((zone != null) ? zone : UTC);
		}
		return zones.isEmpty() ? UTC : String.join(", ", zones);
	}

	/**
	 * The most requested paths: one source's straight from its sorted set; several sources', or a
	 * source with chunks not folded yet, from their whole sets, summed with the pending counts, since
	 * a path can be in the top of the union without being in the top of any one.
	 */
	private static List<PathCount> topPaths(StringRedisTemplate redis, List<KeyLayout> sources, int top, Map<String, Long> pending) {
		if (sources.size() == 1 && pending.isEmpty()) {
			Set<TypedTuple<String>> paths = redis.opsForZSet().reverseRangeWithScores(sources.get(0).paths(), 0, top - 1);
			return (paths == null) ? List.of()
					: paths.stream().map(tuple -> new PathCount(tuple.getValue(), Math.round(tuple.getScore()))).toList();
		}
		Map<String, Long> sum = new HashMap<>(pending);
		for (KeyLayout keys : sources) {
			Set<TypedTuple<String>> paths = redis.opsForZSet().rangeWithScores(keys.paths(), 0, -1);
			if (paths != null) {
				paths.forEach(tuple -> sum.merge(tuple.getValue(), Math.round(tuple.getScore()), Long::sum));
			}
		}
		return sum.entrySet()
			.stream()
			.sorted(Comparator.<Map.Entry<String, Long>>comparingLong(e -> -e.getValue()).thenComparing(Map.Entry::getKey))
			.limit(top)
			.map(e -> new PathCount(e.getKey(), e.getValue()))
			.toList();
	}

	/**
	 * A malformed line kept as a sample.
	 *
	 * @param file the file it is in
	 * @param offset byte offset of its first byte
	 * @param excerpt its first bytes, non-printable ones escaped as {@code \xHH}
	 * @param reason which field failed and where, or null if the format did not say (and in
	 * samples stored before formats said)
	 */
	public record MalformedSample(String file, long offset, String excerpt, String reason) {
	}

	/** The malformed lines the source kept, oldest first. */
	public static List<MalformedSample> malformedSamples(StringRedisTemplate redis, KeyLayout keys) {
		List<String> stored = redis.opsForList().range(keys.malformed(), 0, -1);
		return (stored == null) ? List.of() : stored.stream().map(AggregateReport::sample).toList();
	}

	/**
	 * {@code file TAB offset TAB excerpt}, split at the last two TABs: the excerpt has its TABs
	 * escaped, and so has the file name, except in samples stored before names were escaped.
	 */
	private static MalformedSample sample(String stored) {
		String reason = null;
		int marker = stored.lastIndexOf("\t" + REASON);
		if (marker >= 0) {
			reason = PrintableName.parse(stored.substring(marker + 1 + REASON.length()));
			stored = stored.substring(0, marker);
		}
		int last = stored.lastIndexOf('\t');
		int before = (last > 0) ? stored.lastIndexOf('\t', last - 1) : -1;
		if (before < 0) {
			return new MalformedSample("?", -1, stored, reason);
		}
		try {
			return new MalformedSample(PrintableName.parse(stored.substring(0, before)),
					Long.parseLong(stored.substring(before + 1, last)), stored.substring(last + 1), reason);
		}
		catch (RuntimeException ex) {
			return new MalformedSample("?", -1, stored, reason);
		}
	}

}

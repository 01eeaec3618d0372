package io.logagg.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.logagg.aggregate.ErrorsAggregate;
import io.logagg.checkpoint.KeyLayout;
import io.logagg.report.DailyAggregates.Errors;

import org.springframework.data.redis.core.StringRedisTemplate;

/** The 4xx and 5xx per minute of a range, summed over the sources, from each day's errors hash. */
final class ErrorMinutes {

	private ErrorMinutes() {
	}

	/**
	 * Minute {@code yyyy-MM-ddTHH:mm} to its errors, in time order, for the minutes of {@code days}
	 * within {@code [since, until]} (either may be null): every day's hash of every source in one
	 * pipeline.
	 */
	static Map<String, Errors> read(StringRedisTemplate redis, List<KeyLayout> sources, List<String> days, String since,
			String until) {
		List<String> keys = new ArrayList<>(days.size() * sources.size());
		for (String day : days) {
			for (KeyLayout source : sources) {
				keys.add(source.errors(day));
			}
		}
		Map<String, long[]> counts = new TreeMap<>();
		HashReads.forEach(redis, keys, (index, hash) -> {
			String day = days.get(index / sources.size());
			hash.forEach((field, count) -> {
				ErrorsAggregate.Field read = ErrorsAggregate.Field.of(HashReads.text(field));
				String minute = day + "T" + read.hourMinute();
				if (RangeMinute.within(minute, since, until)) {
					counts.computeIfAbsent(minute, m -> new long[2])[read.serverErrors() ? 1 : 0] += HashReads.number(count);
				}
			});
		});
		Map<String, Errors> errors = new LinkedHashMap<>();
		counts.forEach((minute, pair) -> errors.put(minute, new Errors(pair[0], pair[1])));
		return errors;
	}

}

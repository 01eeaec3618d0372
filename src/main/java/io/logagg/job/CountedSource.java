package io.logagg.job;

import java.util.List;

import io.logagg.checkpoint.KeyLayout;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * What a source's checkpoint says it was counted with, read once per run for the checks of its
 * first chunk ({@link FormatCheck}, {@link TimeZoneCheck}): two reads (a cluster's connection
 * pipelines nothing).
 *
 * @param format the {@code --format} it was last read with, or null
 * @param zone the {@code logagg.time-zone} its days are counted in, or null (UTC, before it was kept)
 * @param counted whether it holds any counted line
 */
record CountedSource(String format, String zone, boolean counted) {

	/** The checkpoint's field holding the format the source was last read with. */
	static final String FORMAT_FIELD = "format";

	/** The checkpoint's field holding the zone a source is counted in. */
	static final String ZONE_FIELD = "zone";

	static CountedSource read(StringRedisTemplate redis, KeyLayout keys) {
		List<String> fields = redis.<String, String>opsForHash().multiGet(keys.checkpoint(), List.of(FORMAT_FIELD, ZONE_FIELD));
		String lines = redis.<String, String>opsForHash().get(keys.totals(), "lines");
		return new CountedSource(fields.get(0), fields.get(1), lines != null && !"0".equals(lines));
	}

}

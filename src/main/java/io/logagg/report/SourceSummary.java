package io.logagg.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.logagg.checkpoint.KeyLayout;
import io.logagg.config.LogaggProperties;
import io.logagg.read.PrintableName;

import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * One source found in Redis, as {@code sources} lists them; the JSON form is this record as is.
 *
 * @param source the source name
 * @param file file of the checkpoint
 * @param offset byte offset of the checkpoint in that file
 * @param lines well-formed lines aggregated so far
 * @param malformed malformed lines counted so far
 * @param updated when the checkpoint last moved (ISO-8601), or null if it does not say
 * @param lagSeconds seconds since then, when this list was read, or null
 */
public record SourceSummary(String source, String file, long offset, long lines, long malformed,
		@JsonInclude(JsonInclude.Include.NON_NULL) String updated, @JsonInclude(JsonInclude.Include.NON_NULL) Long lagSeconds) {

	private static final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(SourceSummary.class);

	/** A checkpoint key: the source is in its hash tag. */
	private static final Pattern CHECKPOINT = Pattern.compile("logagg:\\{(.+)\\}:checkpoint");

	/**
	 * Every source with a checkpoint (one chunk committed at least), by name. Found with SCAN, so
	 * a large Redis is walked in steps, never blocked; a source committing meanwhile may show its
	 * checkpoint and totals of two different chunks.
	 */
	public static List<SourceSummary> readAll(StringRedisTemplate redis, Instant now) {
		List<SourceSummary> summaries = new ArrayList<>();
		for (String source : names(redis)) {
			KeyLayout keys = new KeyLayout(source);
			Map<Object, Object> checkpoint = redis.opsForHash().entries(keys.checkpoint());
			Map<Object, Object> totals = redis.opsForHash().entries(keys.totals());
			Object updated = checkpoint.get("updated");
			Instant at = (updated != null) ? Instant.ofEpochMilli(Long.parseLong((String) updated)) : null;
			summaries.add(new SourceSummary(source, (String) checkpoint.get("file"), number(checkpoint.get("offset")),
					number(totals.get("lines")), number(totals.get("malformed")), (at != null) ? at.toString() : null,
					(at != null) ? Math.max(0, Duration.between(at, now).toSeconds()) : null));
		}
		return summaries;
	}

	/** The names of the sources with a checkpoint, in name order, found with SCAN. */
	public static List<String> names(StringRedisTemplate redis) {
		List<String> sources = new ArrayList<>();
		try (Cursor<String> keys = redis.scan(ScanOptions.scanOptions().match("logagg:{*}:checkpoint").count(1000).build())) {
			keys.forEachRemaining(key -> {
				Matcher m = CHECKPOINT.matcher(key);
				if (m.matches() && LogaggProperties.SOURCE_NAME.matcher(m.group(1)).matches()) {
					sources.add(m.group(1));
				}
				else if (m.matches()) {
					// A key logagg never writes, in a shared Redis: it must not break the listing.
					logger.warn("skipping key {}: not a source name logagg writes", PrintableName.of(key));
				}
			});
		}
		sources.sort(null);
		return sources;
	}

	private static long number(Object stored) {
		return (stored == null) ? 0 : Long.parseLong((String) stored);
	}

}

package io.logagg.support;

import java.util.Map;
import java.util.TreeMap;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Tuple;

/** Reads a source's aggregates straight from Redis, to compare with an {@link IndependentCount}. */
public final class RedisAggregates {

	private RedisAggregates() {
	}

	/** Everything logagg holds for a source, in the shape of an {@link IndependentCount}. */
	public static IndependentCount read(Jedis jedis, String source) {
		String prefix = "logagg:{" + source + "}:";
		Map<String, String> totals = jedis.hgetAll(prefix + "totals");
		Map<String, Long> paths = new TreeMap<>();
		for (Tuple tuple : jedis.zrangeWithScores(prefix + "paths", 0, -1)) {
			paths.put(tuple.getElement(), (long) tuple.getScore());
		}
		return new IndependentCount(number(totals.get("lines")), number(totals.get("malformed")),
				number(totals.get("bytes")), numbers(jedis.hgetAll(prefix + "status")),
				numbers(jedis.hgetAll(prefix + "minutes")), paths);
	}

	/** The stored checkpoint as {@code file@offset}, or null. */
	public static String checkpoint(Jedis jedis, String source) {
		Map<String, String> checkpoint = jedis.hgetAll("logagg:{" + source + "}:checkpoint");
		return checkpoint.isEmpty() ? null : checkpoint.get("file") + "@" + checkpoint.get("offset");
	}

	private static Map<String, Long> numbers(Map<String, String> hash) {
		Map<String, Long> numbers = new TreeMap<>();
		hash.forEach((k, v) -> numbers.put(k, Long.parseLong(v)));
		return numbers;
	}

	private static long number(String value) {
		return (value != null) ? Long.parseLong(value) : 0;
	}

}

package io.logagg.support;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import io.logagg.aggregate.PathsAggregate;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
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
		// The committed chunks' paths that no fold has added to the sorted set yet, as reports count them.
		for (byte[] delta : jedis.lrange((prefix + "pending").getBytes(StandardCharsets.UTF_8), 0, -1)) {
			PathsAggregate.countsIn(delta, paths);
		}
		return new IndependentCount(number(totals.get("lines")), number(totals.get("malformed")),
				number(totals.get("bytes")), numbers(jedis.hgetAll(prefix + "status")),
				numbers(jedis.hgetAll(prefix + "minutes")), paths);
	}

	/**
	 * Every aggregate key of a source with its content, by the key's name after the source: a hash
	 * as a map, a sorted set as member to score, a HyperLogLog as its count, a list as a list. The
	 * checkpoint, the file records and the lock are left out: they say when and where, not what.
	 */
	public static Map<String, Object> everyAggregate(Jedis jedis, String source) {
		String prefix = "logagg:{" + source + "}:";
		Map<String, Object> contents = new TreeMap<>();
		ScanParams match = new ScanParams().match("logagg:{" + source + "}:*").count(1000);
		String cursor = ScanParams.SCAN_POINTER_START;
		do {
			ScanResult<String> page = jedis.scan(cursor, match);
			for (String key : page.getResult()) {
				String name = key.substring(prefix.length());
				if (name.equals("checkpoint") || name.equals("files") || name.equals("lock")) {
					continue;
				}
				contents.put(name, switch (jedis.type(key)) {
					case "hash" -> new TreeMap<>(jedis.hgetAll(key));
					case "zset" -> {
						Map<String, Double> scores = new TreeMap<>();
						jedis.zrangeWithScores(key, 0, -1).forEach(tuple -> scores.put(tuple.getElement(), tuple.getScore()));
						yield scores;
					}
					case "list" -> jedis.lrange(key, 0, -1);
					case "string" -> name.startsWith("visitors:") ? jedis.pfcount(key) : jedis.get(key);
					default -> jedis.type(key);
				});
			}
			cursor = page.getCursor();
		}
		while (!cursor.equals(ScanParams.SCAN_POINTER_START));
		return contents;
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

package io.logagg.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.logagg.checkpoint.KeyLayout;

import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Many hashes read at once, raw: in one pipeline where the connection pipelines, one by one on a
 * cluster's (Spring Data Redis pipelines no cluster connection). A day's latency series is 1,440
 * keys: one round trip each cost half a second of a report.
 */
final class HashReads {

	private HashReads() {
	}

	/** A hash as read: field, value, field, value. */
	record RawHash(List<byte[]> fieldsAndValues) {

		void forEach(BiConsumer<byte[], byte[]> action) {
			for (int i = 0; i + 1 < this.fieldsAndValues.size(); i += 2) {
				action.accept(this.fieldsAndValues.get(i), this.fieldsAndValues.get(i + 1));
			}
		}

	}

	/** Keys per pipeline: what one holds is garbage soon, and a young collection's to free. */
	private static final int BATCH = 64;

	/**
	 * The hashes of {@code keys}, in their order, each given to {@code action} with its key's
	 * index; empty for a key that does not exist. Outside a cluster, as Redis's flat replies (Jedis's
	 * byte maps would be built and copied again to be walked) in pipelines of {@value #BATCH} keys.
	 */
	static void forEach(StringRedisTemplate redis, List<String> keys, IndexedHash action) {
		redis.execute((RedisConnection connection) -> {
			if (connection instanceof RedisClusterConnection) {
				for (int i = 0; i < keys.size(); i++) {
					List<byte[]> flat = new ArrayList<>();
					Map<byte[], byte[]> entries = connection.hashCommands().hGetAll(bytes(keys.get(i)));
					if (entries != null) {
						entries.forEach((field, value) -> {
							flat.add(field);
							flat.add(value);
						});
					}
					action.accept(i, new RawHash(flat));
				}
				return null;
			}
			for (int from = 0; from < keys.size(); from += BATCH) {
				connection.openPipeline();
				for (String key : keys.subList(from, Math.min(keys.size(), from + BATCH))) {
					connection.execute("HGETALL", bytes(key));
				}
				int index = from;
				for (Object reply : connection.closePipeline()) {
					@SuppressWarnings("unchecked")
					List<byte[]> flat = (reply instanceof List<?>) ? (List<byte[]>) reply : List.of();
					action.accept(index++, new RawHash(flat));
				}
			}
			return null;
		}, true);
	}

	/**
	 * The values of {@code fields} in each hash of {@code keys} ({@code HMGET}), in their order,
	 * each list given to {@code action} with its key's index, null for a field the hash lacks:
	 * pipelined as {@link #forEach} is.
	 */
	static void values(StringRedisTemplate redis, List<String> keys, List<byte[][]> fields, IndexedValues action) {
		redis.execute((RedisConnection connection) -> {
			if (connection instanceof RedisClusterConnection) {
				for (int i = 0; i < keys.size(); i++) {
					action.accept(i, connection.hashCommands().hMGet(bytes(keys.get(i)), fields.get(i)));
				}
				return null;
			}
			for (int from = 0; from < keys.size(); from += BATCH) {
				connection.openPipeline();
				for (int i = from; i < Math.min(keys.size(), from + BATCH); i++) {
					connection.hashCommands().hMGet(bytes(keys.get(i)), fields.get(i));
				}
				int index = from;
				for (Object reply : connection.closePipeline()) {
					@SuppressWarnings("unchecked")
					List<byte[]> values = (reply instanceof List<?>) ? (List<byte[]>) reply : List.of();
					action.accept(index++, values);
				}
			}
			return null;
		}, true);
	}

	/** What is done with each hash's values read. */
	@FunctionalInterface
	interface IndexedValues {

		void accept(int index, List<byte[]> values);

	}

	/** What is done with each hash read. */
	@FunctionalInterface
	interface IndexedHash {

		void accept(int index, RawHash hash);

	}

	/** A hash of counters, summed field by field over the sources. */
	static Map<String, Long> summed(StringRedisTemplate redis, List<KeyLayout> sources, Function<KeyLayout, String> key) {
		Map<String, Long> sum = new HashMap<>();
		for (KeyLayout keys : sources) {
			redis.<String, String>opsForHash().entries(key.apply(keys))
				.forEach((field, count) -> sum.merge(field, Long.parseLong(count), Long::sum));
		}
		return sum;
	}

	/** A counter as Redis stores it: ASCII digits, maybe a sign; 0 when absent. */
	static long number(byte[] digits) {
		if (digits == null || digits.length == 0) {
			return 0;
		}
		boolean negative = digits[0] == '-';
		long value = 0;
		for (int i = negative ? 1 : 0; i < digits.length; i++) {
			value = value * 10 + (digits[i] - '0');
		}
		return negative ? -value : value;
	}

	/** A field as text. */
	static String text(byte[] field) {
		return new String(field, StandardCharsets.UTF_8);
	}

	private static byte[] bytes(String key) {
		return key.getBytes(StandardCharsets.UTF_8);
	}

}

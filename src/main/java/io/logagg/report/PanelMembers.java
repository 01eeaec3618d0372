package io.logagg.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import io.logagg.aggregate.Panel;
import io.logagg.aggregate.PanelAggregate;
import io.logagg.checkpoint.KeyLayout;
import io.logagg.report.DailyAggregates.PanelRow;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A panel's members over days and sources, folded and pending, and its top rows. Read as raw bytes
 * and, for the panels that keep bytes, only the shown rows' bytes: a day of a real site holds tens
 * of thousands of clients, and the dashboard asks for the report after every commit, so what a read
 * allocates is what a small daemon heap pays in collections.
 */
final class PanelMembers {

	/** Most requests first, then by value. */
	private static final Comparator<Map.Entry<String, long[]>> ORDER = Comparator
		.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[0])
		.thenComparing(Map.Entry::getKey);

	private PanelMembers() {
	}

	/**
	 * Members to requests and bytes summed over the days and sources. The folded keys' bytes are
	 * read only with {@code allBytes} (a derived panel sums them all); otherwise {@link #top} reads
	 * those of the rows it keeps.
	 */
	static Map<String, long[]> read(StringRedisTemplate redis, List<KeyLayout> sources, Panel panel, List<String> days,
			PendingCounts pending, boolean allBytes) {
		Map<String, long[]> members = new HashMap<>();
		for (String day : days) {
			pending.of(PanelAggregate.kind(panel), day).forEach((member, sum) -> {
				long[] total = members.computeIfAbsent(member, m -> new long[2]);
				total[0] += sum[0];
				total[1] += sum[1];
			});
			for (KeyLayout keys : sources) {
				HashReads.RawHash counts = HashReads.one(redis, keys.panel(panel.id(), day));
				counts.forEach((member, count) -> members.computeIfAbsent(HashReads.text(member), m -> new long[2])[0] += HashReads
					.number(count));
				if (allBytes && panel.keepsBytes() && !counts.fieldsAndValues().isEmpty()) {
					HashReads.one(redis, keys.panelBytes(panel.id(), day))
						.forEach((member, bytes) -> members.computeIfAbsent(HashReads.text(member), m -> new long[2])[1] += HashReads
							.number(bytes));
				}
			}
		}
		return members;
	}

	/** The rows of the {@code top} most requested members, ties by value, as they were read. */
	static List<PanelRow> top(Map<String, long[]> members, int top, boolean withBytes) {
		return rows(best(members, top), withBytes);
	}

	/** As {@link #top(Map, int, boolean)} for members read without their folded bytes: reads those of the rows kept. */
	static List<PanelRow> top(StringRedisTemplate redis, List<KeyLayout> sources, Panel panel, List<String> days,
			Map<String, long[]> members, int top) {
		List<Map.Entry<String, long[]>> best = best(members, top);
		if (panel.keepsBytes() && !best.isEmpty()) {
			byte[][] fields = best.stream().map(e -> e.getKey().getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
			for (String day : days) {
				for (KeyLayout keys : sources) {
					byte[] key = keys.panelBytes(panel.id(), day).getBytes(StandardCharsets.UTF_8);
					List<byte[]> bytes = redis.execute((RedisConnection connection) -> connection.hashCommands().hMGet(key, fields), true);
					for (int i = 0; bytes != null && i < bytes.size(); i++) {
						best.get(i).getValue()[1] += HashReads.number(bytes.get(i));
					}
				}
			}
		}
		return rows(best, panel.keepsBytes());
	}

	/** The {@code top} first in {@link #ORDER}, through a heap of {@code top}: a day's clients are not sorted whole. */
	private static List<Map.Entry<String, long[]>> best(Map<String, long[]> members, int top) {
		PriorityQueue<Map.Entry<String, long[]>> heap = new PriorityQueue<>(Math.max(1, top + 1), ORDER.reversed());
		for (Map.Entry<String, long[]> member : members.entrySet()) {
			if (top <= 0) {
				break;
			}
			if (heap.size() < top) {
				heap.add(member);
			}
			else if (ORDER.compare(member, heap.peek()) < 0) {
				heap.poll();
				heap.add(member);
			}
		}
		List<Map.Entry<String, long[]>> best = new ArrayList<>(heap);
		best.sort(ORDER);
		return best;
	}

	private static List<PanelRow> rows(List<Map.Entry<String, long[]>> best, boolean withBytes) {
		return best.stream().map(e -> new PanelRow(e.getKey(), e.getValue()[0], withBytes ? e.getValue()[1] : null)).toList();
	}

}

package io.logagg.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.BiConsumer;

import io.logagg.aggregate.BucketedField;
import io.logagg.aggregate.Panel;
import io.logagg.aggregate.PanelAggregate;
import io.logagg.checkpoint.KeyLayout;
import io.logagg.report.DailyAggregates.PanelRow;

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
		List<String> counted = new ArrayList<>(days.size() * sources.size());
		for (String day : days) {
			pending.of(PanelAggregate.kind(panel), day).forEach((member, sum) -> {
				long[] total = members.computeIfAbsent(member, m -> new long[2]);
				total[0] += sum[0];
				total[1] += sum[1];
			});
			for (KeyLayout keys : sources) {
				counted.add(keys.panel(panel.id(), day));
			}
		}
		// The days' and sources' counts in pipelines: a range of a year is hundreds of keys.
		HashReads.forEach(redis, counted, (index, counts) -> counts
			.forEach((member, count) -> members.computeIfAbsent(HashReads.text(member), m -> new long[2])[0] += HashReads.number(count)));
		if (allBytes && panel.keepsBytes()) {
			List<String> bytes = new ArrayList<>(counted.size());
			for (String day : days) {
				for (KeyLayout keys : sources) {
					bytes.add(keys.panelBytes(panel.id(), day));
				}
			}
			HashReads.forEach(redis, bytes, (index, sums) -> sums
				.forEach((member, sum) -> members.computeIfAbsent(HashReads.text(member), m -> new long[2])[1] += HashReads.number(sum)));
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
			List<String> keys = new ArrayList<>(days.size() * sources.size());
			for (String day : days) {
				for (KeyLayout source : sources) {
					keys.add(source.panelBytes(panel.id(), day));
				}
			}
			// Every day's and source's in pipelines: a round trip each was most of a long range's panels.
			HashReads.values(redis, keys, Collections.nCopies(keys.size(), fields), (index, bytes) -> {
				for (int i = 0; i < bytes.size(); i++) {
					best.get(i).getValue()[1] += HashReads.number(bytes.get(i));
				}
			});
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

	/**
	 * The rows with their mean and p95 durations in milliseconds, from the timed panel's fields
	 * ({@code BUCKET MEMBER} with requests and microseconds; a field without a bucket, as written
	 * before the buckets were kept, gives a mean only); the rows as they are where it holds none.
	 * Only the shown rows' fields are kept while reading: a timed panel of hosts holds a field per
	 * client and bucket.
	 */
	static List<PanelRow> withDurations(StringRedisTemplate redis, List<KeyLayout> sources, Panel timed, List<String> days,
			PendingCounts pending, List<PanelRow> rows) {
		if (rows.isEmpty()) {
			return rows;
		}
		Map<String, RowDurations> shown = new HashMap<>();
		rows.forEach(row -> shown.put(row.value(), new RowDurations()));
		BiConsumer<String, long[]> add = (field, sum) -> {
			BucketedField read = BucketedField.of(field);
			RowDurations row = shown.get(read.member());
			if (row != null) {
				row.add(read.bucket(), sum[0], sum[1]);
			}
		};
		List<String> counted = new ArrayList<>();
		List<String> timedKeys = new ArrayList<>();
		for (String day : days) {
			pending.of(PanelAggregate.kind(timed), day).forEach(add);
			for (KeyLayout source : sources) {
				counted.add(source.panel(timed.id(), day));
				timedKeys.add(source.panelBytes(timed.id(), day));
			}
		}
		// The requests of every field, the microseconds of the shown rows' fields only.
		List<Map<String, long[]>> fields = new ArrayList<>();
		HashReads.forEach(redis, counted, (index, hash) -> {
			Map<String, long[]> ofShown = new HashMap<>();
			hash.forEach((field, count) -> {
				String text = HashReads.text(field);
				if (shown.containsKey(BucketedField.of(text).member())) {
					ofShown.put(text, new long[] { HashReads.number(count), 0 });
				}
			});
			fields.add(ofShown);
		});
		// The keys holding shown rows' fields, each with those fields: their names and their bytes.
		List<String> askedKeys = new ArrayList<>();
		List<Map<String, long[]>> read = new ArrayList<>();
		List<List<String>> names = new ArrayList<>();
		List<byte[][]> asked = new ArrayList<>();
		for (int i = 0; i < fields.size(); i++) {
			if (!fields.get(i).isEmpty()) {
				List<String> ofKey = new ArrayList<>(fields.get(i).keySet());
				askedKeys.add(timedKeys.get(i));
				read.add(fields.get(i));
				names.add(ofKey);
				asked.add(ofKey.stream().map(name -> name.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new));
			}
		}
		HashReads.values(redis, askedKeys, asked, (index, micros) -> {
			for (int j = 0; j < micros.size(); j++) {
				read.get(index).get(names.get(index).get(j))[1] = HashReads.number(micros.get(j));
			}
			read.get(index).forEach(add);
		});
		return rows.stream().map(row -> shown.get(row.value()).of(row)).toList();
	}

	/** A shown row's requests with a duration, their microseconds and their buckets. */
	private static final class RowDurations {

		private long requests;

		private long micros;

		private final BucketCounts buckets = new BucketCounts();

		void add(Integer bucket, long requests, long micros) {
			this.requests += requests;
			this.micros += micros;
			if (bucket != null) {
				this.buckets.add(bucket, requests);
			}
		}

		PanelRow of(PanelRow row) {
			if (this.requests == 0) {
				return row;
			}
			Double p95 = (this.buckets.total() == 0) ? row.p95() : Double.valueOf(SlowPathRows.p95(this.buckets));
			return new PanelRow(row.value(), row.count(), row.bytes(), p95, this.micros / 1000.0 / this.requests);
		}

	}

	private static List<PanelRow> rows(List<Map.Entry<String, long[]>> best, boolean withBytes) {
		return best.stream().map(e -> new PanelRow(e.getKey(), e.getValue()[0], withBytes ? e.getValue()[1] : null)).toList();
	}

}

package io.logagg.aggregate;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

import io.logagg.parse.FormatSpec;
import io.logagg.parse.LineParser;
import io.logagg.parse.ParsedLine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VisitorsAggregateTest {

	/** The HyperLogLogs of every day already written hold these elements: a visitor must add the same. */
	@Test
	void aVisitorsElementIsItsHashInHexadecimalAsEveryBuildWroteIt() {
		SplittableRandom random = new SplittableRandom(5);
		long[] edges = { 0, 1, 15, 16, 255, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x0FFF_FFFF_FFFF_FFFFL };
		for (long hash : edges) {
			assertThat(new String(VisitorsAggregate.hex(hash), StandardCharsets.US_ASCII)).isEqualTo(Long.toHexString(hash));
		}
		for (int i = 0; i < 100_000; i++) {
			long hash = random.nextLong() >>> random.nextInt(64);
			assertThat(new String(VisitorsAggregate.hex(hash), StandardCharsets.US_ASCII)).isEqualTo(Long.toHexString(hash));
		}
	}


	/**
	 * A chunk's elements are its lines' visitors that no earlier chunk of the run wrote, each once:
	 * FNV-1a 64 of the day, the client, a 0xFF and the agent, then Stafford's mix 13, in hexadecimal
	 * (written here from their definitions), whether or not the reading thread remembered the visitor
	 * from a line before. Visitors come back in a row and out of order, on two days, with and
	 * without an agent. Over the chunks so far, every visitor is written: a HyperLogLog that took
	 * the earlier chunks' elements holds the union.
	 */
	@Test
	void aChunksElementsAreItsVisitorsNotWrittenByAnEarlierChunkEachOnce() {
		LineParser parser = FormatSpec.compile("nginx:$remote_addr [$time_local] $status \"$http_user_agent\"");
		Aggregate.Accumulator visitors = new VisitorsAggregate(AggregateSettings.DEFAULTS).accumulator();
		SplittableRandom random = new SplittableRandom(7);
		Map<Long, Set<String>> seen = new TreeMap<>();
		Map<Long, Set<String>> union = new TreeMap<>();
		int[] last = new int[3];
		for (int chunk = 0; chunk < 8; chunk++) {
			Map<Long, Set<String>> expected = new TreeMap<>();
			for (int i = 0; i < 2_000; i++) {
				String client = "10.0." + random.nextInt(3) + "." + random.nextInt(200);
				String agent = (random.nextInt(10) == 0) ? "-" : "Mozilla/5.0 (agent " + random.nextInt(6) + "; a hundred bytes or so of it, as real agents are long)";
				int day = 20 + random.nextInt(2);
				int status = (random.nextInt(8) == 0) ? 404 : 200;
				int repeats = random.nextInt(1, 4);
				for (int r = 0; r < repeats; r++) {
					byte[] line = (client + " [" + day + "/Nov/2026:10:00:00 +0000] " + status + " \"" + agent + "\"").getBytes(StandardCharsets.US_ASCII);
					ParsedLine parsed = new ParsedLine();
					assertThat(parser.parse(line, 0, line.length, parsed)).isTrue();
					visitors.add(parsed);
				}
				if (status != 404) {
					long epochDay = LocalDate.of(2026, 11, day).atStartOfDay(ZoneOffset.UTC).toEpochSecond() / 86_400;
					expected.computeIfAbsent(epochDay, d -> new HashSet<>()).add(element(epochDay, client, agent.equals("-") ? null : agent));
				}
			}
			VisitorsAggregate.Writes writes = (VisitorsAggregate.Writes) visitors.drain(new Aggregate.ChunkCounts(0, 0, 0));
			Map<Long, Set<String>> written = new TreeMap<>();
			if (writes != null) {
				writes.visitors().forEach((day, elements) -> {
					Set<String> set = new HashSet<>();
					elements.forEach(element -> set.add(new String(element, StandardCharsets.US_ASCII)));
					assertThat(set).as("each once").hasSameSizeAs(elements);
					written.put(day, set);
				});
			}
			int number = chunk;
			int[] counts = new int[3];
			expected.forEach((day, chunkVisitors) -> {
				Set<String> fresh = new HashSet<>(chunkVisitors);
				fresh.removeAll(seen.getOrDefault(day, Set.of()));
				counts[0] += fresh.size();
				counts[1] += chunkVisitors.size() - fresh.size();
				counts[2] += written.getOrDefault(day, Set.of()).size();
				assertThat(written.getOrDefault(day, Set.of())).as("chunk %d: its new visitors at least", number).containsAll(fresh);
				assertThat(chunkVisitors).as("chunk %d: none but its own", number).containsAll(written.getOrDefault(day, Set.of()));
				seen.computeIfAbsent(day, d -> new HashSet<>()).addAll(chunkVisitors);
			});
			assertThat(written.keySet()).as("no day without visitors").isSubsetOf(expected.keySet());
			written.forEach((day, elements) -> union.computeIfAbsent(day, d -> new HashSet<>()).addAll(elements));
			assertThat(union).as("after chunk %d, every visitor written", chunk).isEqualTo(seen);
			last = counts;
		}
		// What an earlier chunk wrote is left out, but for those whose slot another took since.
		assertThat(last[2] - last[0]).as("the last chunk's %d visitors written before: most left out", last[1]).isLessThan(last[1] / 2);
	}

	private static String element(long day, String client, String agent) {
		long prime = 0x100000001b3L;
		long hash = (0xcbf29ce484222325L ^ day) * prime;
		for (byte b : client.getBytes(StandardCharsets.US_ASCII)) {
			hash = (hash ^ (b & 0xFF)) * prime;
		}
		hash = (hash ^ 0xFF) * prime;
		if (agent != null) {
			for (byte b : agent.getBytes(StandardCharsets.US_ASCII)) {
				hash = (hash ^ (b & 0xFF)) * prime;
			}
		}
		hash = (hash ^ (hash >>> 30)) * 0xbf58476d1ce4e5b9L;
		hash = (hash ^ (hash >>> 27)) * 0x94d049bb133111ebL;
		return Long.toHexString(hash ^ (hash >>> 31));
	}

}

package io.logagg.aggregate;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MemberCountsTest {

	@Test
	void theSameBytesHashAlikeWhereverTheyStandAndOthersApart() {
		byte[] b = "\u00e9GET /a/long/path?q=1 HTTP/1.1 Mozilla/5.0 (X11; Linux x86_64)".getBytes(StandardCharsets.UTF_8);
		java.util.Set<Integer> distinct = new java.util.HashSet<>();
		int ranges = 0;
		for (int from = 0; from < 8; from++) {
			for (int to = from; to <= b.length; to++) {
				byte[] moved = new byte[to - from + 11];
				System.arraycopy(b, from, moved, 5, to - from);
				assertThat(MemberCounts.hash(7, moved, 5, 5 + to - from)).as("[%d, %d)", from, to).isEqualTo(MemberCounts.hash(7, b, from, to));
				if (from == 0) {
					distinct.add(MemberCounts.hash(7, b, from, to));
					ranges++;
				}
			}
		}
		assertThat(distinct).as("every prefix its own hash").hasSize(ranges);
		assertThat(MemberCounts.hash(7, new byte[] { 'a', 0 }, 0, 2)).isNotEqualTo(MemberCounts.hash(7, new byte[] { 'a' }, 0, 1));
	}

	@Test
	void countsEachPathOfARangeOfABiggerBuffer() {
		MemberCounts counts = new MemberCounts();
		byte[] line = "GET /a /b /a /ab".getBytes(StandardCharsets.US_ASCII);
		int overhead = MemberCounts.MEMBER_OVERHEAD;
		assertThat(counts.add(line, 4, 6)).as("a new member's bytes and its overhead").isEqualTo(2 + overhead);
		assertThat(counts.add(line, 7, 9)).isEqualTo(2 + overhead);
		assertThat(counts.add(line, 10, 12)).as("a member already held").isZero();
		assertThat(counts.add(line, 13, 16)).isEqualTo(3 + overhead);
		assertThat(counts.retainedBytes()).isEqualTo(2 + 2 + 3 + 3 * overhead);
		Map<String, Long> drained = new HashMap<>();
		counts.drainTo(drained);
		assertThat(drained).isEqualTo(Map.of("/a", 2L, "/b", 1L, "/ab", 1L));
	}

	@Test
	void keepsEveryPathAcrossGrowthAndStartsOverWhenDrained() {
		MemberCounts counts = new MemberCounts();
		Map<String, Long> expected = new HashMap<>();
		for (int i = 0; i < 50_000; i++) {
			String path = "/p" + (i % 20_000);
			byte[] bytes = path.getBytes(StandardCharsets.US_ASCII);
			counts.add(bytes, 0, bytes.length);
			expected.merge(path, 1L, Long::sum);
		}
		Map<String, Long> drained = new HashMap<>();
		counts.drainTo(drained);
		assertThat(drained).isEqualTo(expected);
		assertThat(counts.size()).isZero();
		assertThat(counts.retainedBytes()).isZero();
		byte[] again = "/again".getBytes(StandardCharsets.US_ASCII);
		counts.add(again, 0, again.length);
		Map<String, Long> next = new HashMap<>();
		counts.drainTo(next);
		assertThat(next).isEqualTo(Map.of("/again", 1L));
	}

	@Test
	void pathsThatDecodeAlikeAddUp() {
		MemberCounts counts = new MemberCounts();
		// Two different invalid UTF-8 bytes both decode to U+FFFD.
		byte[] first = { '/', (byte) 0xff };
		byte[] second = { '/', (byte) 0xfe };
		counts.add(first, 0, 2);
		counts.add(second, 0, 2);
		Map<String, Long> drained = new HashMap<>();
		counts.drainTo(drained);
		assertThat(drained).isEqualTo(Map.of("/\uFFFD", 2L));
	}

}

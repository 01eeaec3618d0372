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
	void membersCountAlikeWhereverTheyStandAndApartWhenAnyByteDiffers() {
		MemberCounts counts = new MemberCounts();
		Map<String, Long> expected = new HashMap<>();
		for (String member : new String[] { "GET", "GEX", "/abcdefgh", "/abcdefghijk", "/abcdefghijX", "/abcdXfghijk", "12345678" }) {
			byte[] alone = member.getBytes(StandardCharsets.US_ASCII);
			byte[] inside = ("  " + member + " HTTP/1.1 and more").getBytes(StandardCharsets.US_ASCII);
			byte[] longer = (member + "S").getBytes(StandardCharsets.US_ASCII);
			counts.add(alone, 0, alone.length);
			counts.add(inside, 2, 2 + alone.length);
			counts.add(longer, 0, alone.length);
			expected.put(member, 3L);
		}
		Map<String, Long> drained = new HashMap<>();
		counts.drainTo(drained);
		assertThat(drained).as("a short member read with the bytes after it, or at its array's end; a long one's last word overlapping").isEqualTo(expected);
	}

	@Test
	void bytesCompareEqualOnlyWhenEveryOneIsTheSame() {
		byte[] b = "GET /abcdefghijk HTTP/1.1".getBytes(StandardCharsets.US_ASCII);
		for (int length = 0; length <= 12; length++) {
			byte[] same = ("x" + new String(b, 4, length, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
			assertThat(MemberCounts.sameBytes(b, 4, same, 1, length)).as("length %d", length).isTrue();
			for (int differs = 0; differs < length; differs++) {
				byte[] other = same.clone();
				other[1 + differs] ^= 1;
				assertThat(MemberCounts.sameBytes(b, 4, other, 1, length)).as("length %d, byte %d", length, differs).isFalse();
			}
		}
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
	void membersOfEveryLengthKeepTheirBytesAcrossPagesAndChunks() {
		java.util.SplittableRandom random = new java.util.SplittableRandom(41);
		MemberCounts counts = new MemberCounts();
		for (int chunk = 0; chunk < 4; chunk++) {
			// Short members fill and reuse pages; some pass a quarter of a page and take one of their own.
			java.util.List<String> members = new java.util.ArrayList<>();
			for (int m = 0; m < 3000; m++) {
				int length = (random.nextInt(100) == 0) ? random.nextInt(MemberCounts.PAGE / 4, MemberCounts.PAGE * 2) : random.nextInt(0, 300);
				StringBuilder member = new StringBuilder(chunk + "-" + m + "-");
				while (member.length() < length) {
					member.append((char) ('a' + random.nextInt(26)));
				}
				members.add(member.toString());
			}
			Map<String, long[]> expected = new HashMap<>();
			for (int line = 0; line < 20_000; line++) {
				String member = members.get(random.nextInt(members.size()));
				byte[] bytes = ("  " + member + " ").getBytes(StandardCharsets.US_ASCII);
				long size = random.nextLong(0, 100_000);
				counts.add(bytes, 2, 2 + member.length(), size);
				long[] sums = expected.computeIfAbsent(member, k -> new long[2]);
				sums[0]++;
				sums[1] += size;
			}
			Map<String, String> held = new HashMap<>();
			counts.forEachRaw((member, count, bytes) -> held.put(new String(member, StandardCharsets.US_ASCII), count + "/" + bytes));
			Map<String, String> wanted = new HashMap<>();
			expected.forEach((member, sums) -> wanted.put(member, sums[0] + "/" + sums[1]));
			assertThat(held).as("chunk %d", chunk).isEqualTo(wanted);
			counts.drainTo(new HashMap<>());
		}
	}

	/**
	 * The same bytes under several tags (a path in several duration buckets) count apart, untagged
	 * members among them, across growth; a chunk that follows a tagged one starts untagged.
	 */
	@Test
	void membersUnderSeveralTagsCountApartAcrossGrowthAndChunks() {
		MemberCounts counts = new MemberCounts();
		for (int chunk = 0; chunk < 3; chunk++) {
			Map<String, Long> expected = new HashMap<>();
			for (int i = 0; i < 30_000; i++) {
				String path = "/p" + (i % 1_500);
				// Tagged; then untagged, and later both (an untagged member looked up once the table holds
				// tags, in slots the chunk before left tagged); then untagged. (A table this small is
				// emptied for the next chunk, not made anew.)
				int tag = switch (chunk) {
					case 0 -> 1 + i % 3;
					case 1 -> (i < 3_000 || i % 2 == 0) ? 0 : 1 + i % 3;
					default -> 0;
				};
				byte[] bytes = path.getBytes(StandardCharsets.US_ASCII);
				counts.add(tag, bytes, 0, bytes.length, 1);
				expected.merge(tag + " " + path, 1L, Long::sum);
			}
			assertThat(counts.size()).as("chunk %d: each tag and member once", chunk).isEqualTo(expected.size());
			Map<String, Long> drained = new HashMap<>();
			if (chunk == 1) {
				counts.drainTo((member, tag, count, bytes) -> drained.merge(tag + " " + member, count, Long::sum));
			}
			else {
				// As a chunk's delta is written: fields "TAG MEMBER", the table emptied as it goes.
				DeltaEncoding.Writer out = new DeltaEncoding.Writer();
				counts.encodeTo(out, true);
				DeltaEncoding.Reader in = new DeltaEncoding.Reader(out.toByteArray(), 0);
				for (long field = in.varint(); field > 0; field--) {
					String name = in.string();
					drained.merge(name, in.varint(), Long::sum);
					in.varint();
				}
			}
			assertThat(drained).as("chunk %d", chunk).isEqualTo(expected);
		}
	}

	@Test
	void aChunksPartIsWrittenIntoAnArrayOfExactlyItsSizeAndReadsBackWhole() {
		MembersByDay days = new MembersByDay();
		Map<String, long[]> expected = new java.util.TreeMap<>();
		long day = 20_000L * 1440;
		int[] tags = { 0, 9, 10, 99, 100, 1234 };
		long[] sums = { 0, 127, 128, 16_383, 16_384, 1L << 35 };
		for (int i = 0; i < 600; i++) {
			String member = "/m" + "x".repeat(i % 140) + i % 200;
			byte[] bytes = member.getBytes(StandardCharsets.US_ASCII);
			int tag = tags[i % tags.length];
			long sum = sums[i % sums.length];
			days.add(day + (i % 3) * 1440, tag, bytes, 0, bytes.length, sum);
			long[] was = expected.computeIfAbsent((day / 1440 + i % 3) + " " + tag + " " + member, k -> new long[2]);
			was[0]++;
			was[1] += sum;
		}
		byte[] part = days.encode(true);
		DeltaEncoding.Reader in = new DeltaEncoding.Reader(part, 0);
		Map<String, long[]> read = new java.util.TreeMap<>();
		for (long d = in.varint(); d > 0; d--) {
			long epochDay = in.varint();
			for (long field = in.varint(); field > 0; field--) {
				String name = in.string();
				read.put(epochDay + " " + name, new long[] { in.varint(), in.varint() });
			}
		}
		assertThat(in.skip(0)).as("every byte of the part read, none left over").isEqualTo(part.length);
		assertThat(read).usingRecursiveComparison().isEqualTo(expected);
		assertThat(days.encode(true)).as("emptied once written").isNull();
		for (boolean tagged : new boolean[] { true, false }) {
			MemberCounts one = new MemberCounts();
			for (int i = 0; i < 600; i++) {
				byte[] bytes = ("/m" + "x".repeat(i % 140) + i % 200).getBytes(StandardCharsets.US_ASCII);
				one.add(tagged ? tags[i % tags.length] : 0, bytes, 0, bytes.length, sums[i % sums.length]);
			}
			int size = one.encodedSize(tagged);
			DeltaEncoding.Writer out = new DeltaEncoding.Writer(1);
			one.encodeTo(out, tagged);
			assertThat(out.toByteArray()).as("tagged %s", tagged).hasSize(size);
		}
	}

	/** Two tags whose hashes of the same bytes collide still count apart: the tag is compared, not only hashed. */
	@Test
	void membersWhoseTagsHashAlikeCountApart() {
		byte[] path = "/collide".getBytes(StandardCharsets.US_ASCII);
		Map<Integer, Integer> tagByHash = new HashMap<>();
		int first = -1;
		int second = -1;
		for (int tag = 0; first < 0; tag++) {
			Integer earlier = tagByHash.putIfAbsent(MemberCounts.hash(31 + tag, path, 0, path.length) | 1, tag);
			if (earlier != null) {
				first = earlier;
				second = tag;
			}
		}
		MemberCounts counts = new MemberCounts();
		counts.add(first, path, 0, path.length, 10);
		counts.add(second, path, 0, path.length, 20);
		counts.add(second, path, 0, path.length, 20);
		Map<Integer, Long> byTag = new HashMap<>();
		counts.drainTo((member, tag, count, bytes) -> byTag.put(tag, count));
		assertThat(byTag).isEqualTo(Map.of(first, 1L, second, 2L));
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

	/**
	 * A cut keeps the most requested members, ties by their bytes as a sorted set orders them (the
	 * higher kept), and counts the rest, with the (other) already held, as (other): checked against
	 * a sort of every member, on tables where many members tie.
	 */
	@Test
	void aCutKeepsTheMostRequestedTiesByTheirBytesAndCountsTheRestAsOther() {
		byte[] other = "(other)".getBytes(StandardCharsets.US_ASCII);
		java.util.SplittableRandom random = new java.util.SplittableRandom(41);
		for (int round = 0; round < 20; round++) {
			MemberCounts counts = new MemberCounts();
			Map<String, long[]> expected = new HashMap<>();
			int members = random.nextInt(1, 3000);
			for (int m = 0; m < members; m++) {
				String member = (random.nextInt(100) == 0) ? "(other)" : "c" + random.nextInt(5000) + ((random.nextBoolean()) ? "" : "\u00e9x");
				byte[] bytes = member.getBytes(StandardCharsets.UTF_8);
				long count = (random.nextInt(4) == 0) ? random.nextInt(1, 9) : 1;
				counts.add(0, bytes, 0, bytes.length, count, count * 10);
				expected.merge(member, new long[] { count, count * 10 }, (a, b) -> new long[] { a[0] + b[0], a[1] + b[1] });
			}
			int keep = random.nextInt(0, 1500);
			long[] folded = expected.getOrDefault("(other)", new long[2]).clone();
			java.util.List<String> ranked = new java.util.ArrayList<>(expected.keySet());
			ranked.remove("(other)");
			ranked.sort(java.util.Comparator.<String>comparingLong(member -> expected.get(member)[0])
				.thenComparing((a, b) -> java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8))));
			Map<String, Long> kept = new HashMap<>();
			for (int i = 0; i < ranked.size(); i++) {
				long[] sum = expected.get(ranked.get(i));
				if (i < ranked.size() - keep) {
					folded[0] += sum[0];
					folded[1] += sum[1];
				}
				else {
					kept.put(ranked.get(i), sum[0]);
				}
			}
			MemberCounts cut = counts.keepMostRequested(keep, other);
			Map<String, Long> bytes = new HashMap<>();
			Map<String, Long> requests = new HashMap<>();
			cut.forEach((member, tag, count, sum) -> {
				requests.put(member, count);
				bytes.put(member, sum);
			});
			if (ranked.size() <= keep) {
				assertThat(cut).as("nothing to cut").isSameAs(counts);
				continue;
			}
			kept.put("(other)", folded[0]);
			assertThat(requests).as("round %d, keep %d of %d", round, keep, ranked.size()).isEqualTo(kept);
			assertThat(bytes.get("(other)")).isEqualTo(folded[1]);
			assertThat(cut.size()).isEqualTo(keep + 1);
		}
	}

}

package io.logagg.aggregate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import io.logagg.checkpoint.ChunkWrites;
import io.logagg.parse.AccessLogEntry;
import io.logagg.read.FilePosition;
import io.logagg.read.ReadLine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The fold's sum, decoded off the step's thread: whole whenever it is read, and failing where a delta does. */
class PendingFoldTest {

	private static final long DAY = 20_000;

	private static byte[] delta(SplittableRandom random, int lines) {
		List<ReadLine> read = new ArrayList<>();
		for (int i = 0; i < lines; i++) {
			long minute = (DAY + random.nextInt(2)) * 1440 + random.nextInt(1440);
			read.add(new ReadLine(new FilePosition("a.log", 100L * (i + 1)),
					new AccessLogEntry(200, minute, "/p" + random.nextInt(300), random.nextLong(1, 10_000))));
		}
		return ChunkDelta.of(read, 0).pendingDelta();
	}

	/** A 60 KB path's sum with its fold's copy ran a 128 MB heap out when counted once (OddInputTest). */
	@Test
	void aSumCostsItsMembersBytesTwiceAndTheirTablesRoomOnce() {
		DayFieldCounts counts = new DayFieldCounts();
		counts.add(20_000, "a".repeat(1000), 1, 10);
		counts.add(20_000, "b".repeat(10), 2, 20);
		counts.add(20_000, "a".repeat(1000), 3, 30);
		counts.add(20_001, "b".repeat(10), 4, 40);
		assertThat(PendingFold.foldCost(counts)).isEqualTo(2L * (1000 + 10 + 10) + 3L * MemberCounts.MEMBER_OVERHEAD);
	}

	@Test
	void aFoldWritesEveryDeltaAddedHoweverFastTheyCome() {
		SplittableRandom random = new SplittableRandom(12);
		PendingFold pending = new PendingFold(AggregateSettings.DEFAULTS, 1L << 40, Duration.ofHours(1));
		for (int round = 0; round < 3; round++) {
			Map<String, DayFieldCounts> expected = new TreeMap<>();
			int chunks = 10 * PendingFold.IN_FLIGHT + round;
			for (int chunk = 0; chunk < chunks; chunk++) {
				byte[] delta = delta(random, random.nextInt(1, 60));
				DeltaEncoding.decodeInto(delta, expected);
				pending.add(delta);
			}
			List<ChunkWrites> writes = new ArrayList<>();
			expected.forEach((kind, counts) -> writes.add(PendingFold.part(kind, counts, AggregateSettings.DEFAULTS)));
			assertThat(pending.chunks()).isEqualTo(chunks);
			assertThat(pending.distinct()).isEqualTo(expected.values().stream().mapToLong(DayFieldCounts::size).sum());
			assertThat(pending.writes()).as("round %d", round).isEqualTo(writes);
			pending.clear();
			assertThat(pending.writes()).isEmpty();
		}
	}

	@Test
	void aDeltaThatCannotBeDecodedFailsTheNextLookAtTheSum() {
		SplittableRandom random = new SplittableRandom(13);
		PendingFold pending = new PendingFold(AggregateSettings.DEFAULTS, 1L << 40, Duration.ofHours(1));
		pending.add(delta(random, 10));
		byte[] delta = delta(random, 10);
		pending.add(Arrays.copyOf(delta, delta.length - 3));
		pending.add(delta(random, 10));
		assertThatIllegalStateException().isThrownBy(pending::writes).withMessageContaining("truncated");
		assertThatIllegalStateException().as("still").isThrownBy(pending::distinct).withMessageContaining("truncated");
	}

	/**
	 * A day past {@code max-distinct} does not grow the sum by every new path: it is cut to the nine
	 * tenths of the bound most requested once it passes the bound by a quarter, and a fold's writes
	 * hold at most that and (other), every request still counted.
	 */
	@Test
	void aDayPastTheBoundIsCutInTheSumWithEveryRequestKept() {
		SplittableRandom random = new SplittableRandom(14);
		int max = 40;
		AggregateSettings settings = new AggregateSettings(100, false, Duration.ofDays(35), Duration.ofDays(400), max,
				AggregateSettings.DEFAULTS.panels());
		PendingFold pending = new PendingFold(settings, 1L << 40, Duration.ofHours(1));
		Map<String, DayFieldCounts> whole = new TreeMap<>();
		for (int chunk = 0; chunk < 60; chunk++) {
			byte[] delta = delta(random, 50);
			DeltaEncoding.decodeInto(delta, whole);
			pending.add(delta);
			long uncut = whole.entrySet().stream()
				.filter(part -> !part.getKey().equals(PanelAggregate.kind(Panel.PATHS)) && !part.getKey().equals(PathsAggregate.KIND))
				.mapToLong(part -> part.getValue().size()).sum();
			// The paths panel's two days and the all-time paths, each at most a quarter past the bound.
			assertThat(pending.distinct()).as("after chunk %d", chunk).isLessThanOrEqualTo(uncut + 3 * (max + max / 4));
		}
		String paths = PanelAggregate.kind(Panel.PATHS);
		DayFieldCounts uncut = whole.get(paths);
		PanelAggregate.Writes writes = (PanelAggregate.Writes) pending.writes().stream()
			.filter(part -> part instanceof PanelAggregate.Writes panel && panel.equals(PendingFold.part(paths, panel.counts(), settings)))
			.findFirst().orElseThrow();
		Map<Long, Map<String, long[]>> cut = writes.counts().days();
		assertThat(cut.keySet()).isEqualTo(uncut.days().keySet());
		cut.forEach((day, fields) -> {
			Map<String, long[]> all = uncut.days().get(day);
			assertThat(all.size()).as("day %d passed the bound", day).isGreaterThan(max);
			assertThat(fields).as("day %d", day).hasSize((int) Math.floor(max * 0.9) + 1).containsKey(PanelAggregate.OTHER);
			assertThat(fields.values().stream().mapToLong(sum -> sum[0]).sum()).isEqualTo(all.values().stream().mapToLong(sum -> sum[0]).sum());
			assertThat(fields.values().stream().mapToLong(sum -> sum[1]).sum()).isEqualTo(all.values().stream().mapToLong(sum -> sum[1]).sum());
		});
		assertThat(whole.get(PathsAggregate.KIND).size()).isEqualTo(300);
	}

}

package io.logagg.aggregate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.logagg.parse.AccessLogEntry;
import io.logagg.read.FilePosition;
import io.logagg.read.ReadLine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A chunk's pending delta, as the job encodes it (the accumulators' tables straight to bytes):
 * decoded as its lines count, merged as summed, refused when it is not one.
 */
class DeltaEncodingTest {

	private static final long DAY = 20_000;

	/** The delta of a chunk of requests {@code path, response bytes, minute of DAY}. */
	private static byte[] delta(Object... pathBytesMinute) {
		List<ReadLine> lines = new ArrayList<>();
		for (int i = 0; i < pathBytesMinute.length; i += 3) {
			long minute = DAY * 1440 + (Integer) pathBytesMinute[i + 2];
			lines.add(new ReadLine(new FilePosition("a.log", 100L * (i + 1)),
					new AccessLogEntry(200, minute, (String) pathBytesMinute[i], (Long) pathBytesMinute[i + 1])));
		}
		return ChunkDelta.of(lines, 0).pendingDelta();
	}

	private static Map<String, DayFieldCounts> decoded(byte[]... deltas) {
		Map<String, DayFieldCounts> parts = new TreeMap<>();
		for (byte[] delta : deltas) {
			DeltaEncoding.decodeInto(delta, parts);
		}
		return parts;
	}

	@Test
	void numbersTakeTheBytesTheirSizeSaysAndReadBackAsWritten() {
		List<Long> numbers = new ArrayList<>(List.of(0L, Long.MAX_VALUE, Long.MIN_VALUE, -1L));
		for (int shift = 0; shift < Long.SIZE - 1; shift++) {
			numbers.addAll(List.of((1L << shift) - 1, 1L << shift, (1L << shift) + 1));
		}
		for (long number : numbers) {
			DeltaEncoding.Writer out = new DeltaEncoding.Writer(1);
			out.varint(number);
			assertThat(out.toByteArray()).as("varint %d", number).hasSize(DeltaEncoding.varintSize(number));
			assertThat(new DeltaEncoding.Reader(out.toByteArray(), 0).varint()).isEqualTo(number);
		}
		List<Integer> decimals = new ArrayList<>(List.of(0, Integer.MAX_VALUE));
		for (int power = 1; power <= 1_000_000_000; power *= 10) {
			decimals.addAll(List.of(power - 1, power, power + 1, (int) Math.min(Integer.MAX_VALUE, 7L * power + 3)));
		}
		for (int number : decimals) {
			DeltaEncoding.Writer out = new DeltaEncoding.Writer(1);
			out.decimal(number);
			assertThat(new String(out.toByteArray(), java.nio.charset.StandardCharsets.US_ASCII)).as("decimal")
				.isEqualTo(Integer.toString(number))
				.hasSize(DeltaEncoding.decimalSize(number));
		}
	}

	@Test
	void aChunksDeltaDecodesToWhatItsLinesCount() {
		byte[] delta = delta("/index.html", 1500L, 0, "/ünïcode/€", Long.MAX_VALUE, 1, "/index.html", 20L, 1439);
		DayFieldCounts paths = new DayFieldCounts();
		paths.add(DAY, "/index.html", 2, 1520);
		paths.add(DAY, "/ünïcode/€", 1, Long.MAX_VALUE);
		assertThat(decoded(delta).get(PanelAggregate.kind(Panel.PATHS))).isEqualTo(paths);
		assertThat(decoded(delta).get(PanelAggregate.kind(Panel.HOURS)).days().get(DAY)).containsOnlyKeys("00", "23");
	}

	/** One part read out of a delta, past the others (the metrics' durations), as decoding all gives it. */
	@Test
	void onePartOfADeltaReadsAsDecodingTheWholeDeltaGivesIt() {
		byte[] delta = delta("/index.html", 1500L, 0, "/a", 3L, 1, "/index.html", 20L, 1439);
		for (String kind : decoded(delta).keySet()) {
			if (!kind.equals(PathsAggregate.KIND)) {
				// The all-time paths are summed from the paths panel's part: not a part of their own.
				assertThat(DeltaEncoding.partOf(delta, kind)).as(kind).isEqualTo(decoded(delta).get(kind));
			}
		}
		assertThat(decoded(delta)).as("parts to skip").hasSizeGreaterThan(2);
		assertThat(DeltaEncoding.partOf(delta, LatencyAggregate.KIND)).as("no durations").isNull();
	}

	@Test
	void decodingTwoDeltasIntoOneSumsThemAsOneChunkOfAllTheirLinesCounts() {
		byte[] first = delta("/a", 10L, 0, "/b", 20L, 61);
		byte[] second = delta("/a", 5L, 0, "/c", 1L, 120);
		byte[] both = delta("/a", 10L, 0, "/b", 20L, 61, "/a", 5L, 0, "/c", 1L, 120);
		assertThat(decoded(first, second)).isEqualTo(decoded(both));
		assertThat(decoded(first, second).get(PanelAggregate.kind(Panel.PATHS)).days().get(DAY).get("/a")).containsExactly(2L, 15L);
	}

	@Test
	void aDeltaOfAnotherLayoutOrCutShortIsRefusedRatherThanMisread() {
		byte[] delta = delta("/a", 10L, 0);
		byte[] newer = delta.clone();
		newer[0] = 2;
		assertThatIllegalStateException().isThrownBy(() -> decoded(newer)).withMessageContaining("unknown layout");
		assertThatIllegalStateException().isThrownBy(() -> decoded(Arrays.copyOf(delta, delta.length - 3)))
			.withMessageContaining("truncated");
	}

}

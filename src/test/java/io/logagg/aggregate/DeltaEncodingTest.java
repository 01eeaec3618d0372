package io.logagg.aggregate;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** A chunk's pending delta: decoded as encoded, merged as summed, refused when it is not one. */
class DeltaEncodingTest {

	private static DayFieldCounts counts(Object... dayFieldCountBytes) {
		DayFieldCounts counts = new DayFieldCounts();
		for (int i = 0; i < dayFieldCountBytes.length; i += 4) {
			counts.add((Long) dayFieldCountBytes[i], (String) dayFieldCountBytes[i + 1], (Long) dayFieldCountBytes[i + 2],
					(Long) dayFieldCountBytes[i + 3]);
		}
		return counts;
	}

	private static final Map<String, DayFieldCounts> CHUNK = Map.of("panel:paths",
			counts(20_000L, "/index.html", 3L, 1500L, 20_001L, "/ünïcode/€?", 1L, Long.MAX_VALUE, 20_001L, "", 7L, 0L),
			"slowPaths", counts(-1L, "412 /slow", 2L, 0L));

	@Test
	void aDeltaDecodesToTheCountsItWasEncodedFrom() {
		assertThat(DeltaEncoding.decode(DeltaEncoding.encode(CHUNK))).isEqualTo(new TreeMap<>(CHUNK));
	}

	@Test
	void decodingTwoDeltasIntoOneSumsThemAsAddingTheirCountsDoes() {
		Map<String, DayFieldCounts> other = Map.of("panel:paths", counts(20_000L, "/index.html", 2L, 10L, 20_002L, "/new", 1L, 5L));
		Map<String, DayFieldCounts> decoded = new TreeMap<>();
		DeltaEncoding.decodeInto(DeltaEncoding.encode(CHUNK), decoded);
		DeltaEncoding.decodeInto(DeltaEncoding.encode(other), decoded);

		DayFieldCounts paths = new DayFieldCounts();
		paths.addAll(CHUNK.get("panel:paths"));
		paths.addAll(other.get("panel:paths"));
		assertThat(decoded).isEqualTo(Map.of("panel:paths", paths, "slowPaths", CHUNK.get("slowPaths")));
		assertThat(paths.days().get(20_000L).get("/index.html")).containsExactly(5L, 1510L);
		assertThat(paths.size()).isEqualTo(4);
	}

	@Test
	void aDeltaOfAnotherLayoutOrCutShortIsRefusedRatherThanMisread() {
		byte[] delta = DeltaEncoding.encode(CHUNK);
		byte[] newer = delta.clone();
		newer[0] = 2;
		assertThatIllegalStateException().isThrownBy(() -> DeltaEncoding.decode(newer)).withMessageContaining("unknown layout");
		assertThatIllegalStateException().isThrownBy(() -> DeltaEncoding.decode(Arrays.copyOf(delta, delta.length - 3)))
			.withMessageContaining("truncated");
	}

}

package io.logagg.aggregate;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

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

}

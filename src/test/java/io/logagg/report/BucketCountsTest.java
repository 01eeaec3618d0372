package io.logagg.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BucketCountsTest {

	@Test
	void quantilesOfBucketsAddedInAnyOrderAndTwiceEqualThoseOfTheSortedValues() {
		Random random = new Random(7);
		for (int round = 0; round < 200; round++) {
			BucketCounts counts = new BucketCounts();
			List<Integer> values = new ArrayList<>();
			for (int i = random.nextInt(30); i >= 0; i--) {
				int bucket = random.nextInt(40) - 10; // negative buckets too: durations under a microsecond
				int count = 1 + random.nextInt(5);
				counts.add(bucket, count);
				values.addAll(Collections.nCopies(count, bucket));
			}
			Collections.sort(values);
			assertThat(counts.total()).isEqualTo(values.size());
			for (double q : new double[] { 0, 0.5, 0.9, 0.95, 0.99, 1 }) {
				assertThat(counts.quantile(q)).as("q %s of %s", q, values).isEqualTo(values.get((int) Math.floor(q * (values.size() - 1))));
			}
			assertThat(counts.lastBucket()).isEqualTo(values.get(values.size() - 1));
		}
	}

	@Test
	void addAllSumsBucketsBeyondTheRangeOfAnInt() {
		BucketCounts day = new BucketCounts();
		day.add(3, 3_000_000_000L);
		BucketCounts sum = new BucketCounts();
		sum.add(5, 1);
		sum.addAll(day);
		sum.addAll(day);
		assertThat(sum.total()).isEqualTo(6_000_000_001L);
		assertThat(sum.quantile(0.99)).isEqualTo(3);
		assertThat(sum.lastBucket()).isEqualTo(5);
	}

}

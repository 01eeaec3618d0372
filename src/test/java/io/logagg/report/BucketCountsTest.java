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
	void aDaysSumOfManyMinutesKeepsEveryCountWhileItCompactsItsBuckets() {
		BucketCounts day = new BucketCounts();
		long[] expected = new long[300];
		Random random = new Random(11);
		for (int minute = 0; minute < 1440; minute++) {
			BucketCounts ofMinute = new BucketCounts();
			for (int i = 0; i < 40; i++) {
				int bucket = random.nextInt(300);
				ofMinute.add(bucket - 20, 1);
				expected[bucket]++;
			}
			day.addAll(ofMinute);
		}
		long total = 0;
		int last = 0;
		for (int bucket = 0; bucket < 300; bucket++) {
			total += expected[bucket];
			last = (expected[bucket] > 0) ? bucket : last;
		}
		assertThat(day.total()).isEqualTo(total).isEqualTo(1440 * 40);
		assertThat(day.lastBucket()).isEqualTo(last - 20);
		long seen = 0;
		int median = 0;
		while ((seen += expected[median]) <= 0.5 * (total - 1)) {
			median++;
		}
		assertThat(day.quantile(0.5)).isEqualTo(median - 20);
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

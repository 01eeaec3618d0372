package io.logagg.aggregate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BucketedFieldTest {

	@Test
	void aLeadingIntegerAndASpaceAreTheBucketAndAnythingElseIsAMemberAlone() {
		assertThat(BucketedField.of("41 /index.html")).isEqualTo(new BucketedField(41, "/index.html"));
		assertThat(BucketedField.of("-3 /fast")).as("under a microsecond").isEqualTo(new BucketedField(-3, "/fast"));
		assertThat(BucketedField.of("12 (other)")).isEqualTo(new BucketedField(12, "(other)"));
		assertThat(BucketedField.of("7 a path with spaces")).isEqualTo(new BucketedField(7, "a path with spaces"));
		assertThat(BucketedField.of("10.0.0.1")).as("a client, written before buckets").isEqualTo(new BucketedField(null, "10.0.0.1"));
		assertThat(BucketedField.of("/12 x")).isEqualTo(new BucketedField(null, "/12 x"));
		assertThat(BucketedField.of("- x")).isEqualTo(new BucketedField(null, "- x"));
		assertThat(BucketedField.of("")).isEqualTo(new BucketedField(null, ""));
	}

}

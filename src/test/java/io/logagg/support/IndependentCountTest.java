package io.logagg.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The tests' own count, which every exactly-once test compares Redis with, needs tests too. */
class IndependentCountTest {

	private static IndependentCount count(String... lines) {
		return IndependentCount.of(List.of(lines).stream().map(line -> line.getBytes(StandardCharsets.ISO_8859_1)).toList(),
				IndependentCount.DEFAULT_MAX_LINE_BYTES);
	}

	@Test
	void countsALineWithASixtyKilobytePath() {
		String path = "/" + "a".repeat(60_000);
		IndependentCount count = count("1.2.3.4 - - [20/Nov/2026:10:00:00 +0000] \"GET " + path + " HTTP/1.1\" 200 5 \"-\" \"x\"");

		assertThat(count.lines()).isEqualTo(1);
		assertThat(count.paths()).isEqualTo(Map.of(path, 1L));
	}

	@Test
	void escapedQuotesStayInsideTheRequestAndArePartOfThePath() {
		IndependentCount count = count("1.2.3.4 - - [20/Nov/2026:10:00:00 +0000] \"GET /a\\\"b HTTP/1.1\" 404 -",
				"1.2.3.4 - - [20/Nov/2026:10:00:00 +0000] \"GET /open HTTP/1.1 404 -");

		assertThat(count.lines()).isEqualTo(1);
		assertThat(count.malformed()).isEqualTo(1);
		assertThat(count.paths()).isEqualTo(Map.of("/a\"b", 1L));
		assertThat(count.status()).isEqualTo(Map.of("404", 1L));
	}

}

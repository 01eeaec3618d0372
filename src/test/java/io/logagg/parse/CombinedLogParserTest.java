package io.logagg.parse;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class CombinedLogParserTest {

	private final CombinedLogParser parser = new CombinedLogParser();

	private AccessLogEntry parse(String line) {
		byte[] bytes = ("##" + line + "##").getBytes(StandardCharsets.UTF_8);
		// Parse from the middle of a buffer, as the reader does.
		return this.parser.entry(bytes, 2, bytes.length - 2);
	}

	private static long minute(String isoTime) {
		return ZonedDateTime.parse(isoTime).toEpochSecond() / 60;
	}

	@Test
	void parsesCombinedFormat() {
		AccessLogEntry entry = parse("83.149.9.216 - - [17/May/2015:10:05:03 +0000] \"GET /presentations/kibana.png HTTP/1.1\" "
				+ "200 203023 \"http://semicomplete.com/\" \"Mozilla/5.0 (Macintosh)\"");
		assertThat(entry).isEqualTo(new AccessLogEntry(200, minute("2015-05-17T10:05:03Z"), "/presentations/kibana.png", 203023));
	}

	@Test
	void findsTheClosingQuoteAfterEscapesAtEveryAlignment() {
		Random random = new Random(11);
		String[] pieces = { "a", "\\\"", "\\\\", "%22", "/" };
		for (int round = 0; round < 500; round++) {
			StringBuilder path = new StringBuilder("/");
			for (int i = random.nextInt(30); i > 0; i--) {
				path.append(pieces[random.nextInt(pieces.length)]);
			}
			String line = "h - - [17/May/2015:10:05:03 +0000] \"GET " + path + " HTTP/1.1\" 200 5";
			assertThat(parse(line)).as(line).isEqualTo(new AccessLogEntry(200, minute("2015-05-17T10:05:03Z"), path.toString(), 5));
		}
	}

	@Test
	void parsesCommonFormatThatEndsAfterSize() {
		assertThat(parse("127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326"))
			.isEqualTo(new AccessLogEntry(200, minute("2000-10-10T20:55:36Z"), "/apache_pb.gif", 2326));
	}

	@Test
	void appliesTheLinesOffsetToGetUtcMinute() {
		assertThat(parse("h - - [31/Dec/2026:23:30:00 -0130] \"GET / HTTP/1.1\" 200 1").epochMinute())
			.isEqualTo(minute("2027-01-01T01:00:00Z"));
		assertThat(parse("h - - [01/Mar/2024:00:10:00 +0100] \"GET / HTTP/1.1\" 200 1").epochMinute())
			.isEqualTo(minute("2024-02-29T23:10:00Z"));
	}

	@Test
	void reusesTheLastMinuteOnlyWhenNothingButTheSecondsChanged() {
		String line = "h - - [%s] \"GET / HTTP/1.1\" 200 1";
		assertThat(parse(line.formatted("17/May/2015:10:05:03 +0000")).epochMinute()).isEqualTo(minute("2015-05-17T10:05:00Z"));
		assertThat(parse(line.formatted("17/May/2015:10:05:59 +0000")).epochMinute()).isEqualTo(minute("2015-05-17T10:05:00Z"));
		assertThat(parse(line.formatted("17/May/2015:10:05:60 +0000"))).isNull();
		assertThat(parse(line.formatted("17/May/2015:10:05:0x +0000"))).isNull();
		assertThat(parse(line.formatted("17/May/2015:10:06:00 +0000")).epochMinute()).isEqualTo(minute("2015-05-17T10:06:00Z"));
		assertThat(parse(line.formatted("17/May/2015:10:06:00 +0130")).epochMinute()).isEqualTo(minute("2015-05-17T08:36:00Z"));
		assertThat(parse(line.formatted("17/May/2016:10:06:00 +0130")).epochMinute()).isEqualTo(minute("2016-05-17T08:36:00Z"));
		assertThat(parse(line.formatted("18/May/2016:10:06:00 +0130")).epochMinute()).isEqualTo(minute("2016-05-18T08:36:00Z"));
	}

	@Test
	void dropsQueryStringFromPath() {
		assertThat(parse("h - - [17/May/2015:10:05:03 +0000] \"GET /search?q=a%20b&x=1 HTTP/1.1\" 200 5").path())
			.isEqualTo("/search");
	}

	@Test
	void keepsEscapedQuotesInsideRequest() {
		AccessLogEntry entry = parse("h - - [17/May/2015:10:05:03 +0000] \"GET /a\\\"b HTTP/1.1\" 404 -");
		assertThat(entry).isEqualTo(new AccessLogEntry(404, minute("2015-05-17T10:05:03Z"), "/a\\\"b", 0));
	}

	@Test
	void decodesUtf8Paths() {
		assertThat(parse("h - - [17/May/2015:10:05:03 +0000] \"GET /caf\u00e9 HTTP/1.1\" 200 5").path()).isEqualTo("/caf\u00e9");
	}

	@ParameterizedTest(name = "request \"{0}\" has path {1}")
	@CsvSource(delimiter = '|', nullValues = "null", value = { "GET /x|/x", "GET /x HTTP/1.1|/x", "GET /x HTTP/1.1 extra|null",
			"/x|null", "''|null", "GET  /x|null", "'GET /x '|null", "\\x16\\x03\\x01|null" })
	void takesPathFromRequestsOfTwoOrThreeTokens(String request, String path) {
		AccessLogEntry entry = parse("h - - [17/May/2015:10:05:03 +0000] \"" + request + "\" 400 0");
		assertThat(entry).isNotNull();
		assertThat(entry.path()).isEqualTo(path);
	}

	@Test
	void readsDashSizeAsZeroAndLargeSizes() {
		assertThat(parse("h - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 304 -").bytes()).isZero();
		assertThat(parse("h - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200 123456789012").bytes())
			.isEqualTo(123456789012L);
	}

	@Test
	void acceptsTruncatedTail() {
		assertThat(parse("h - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200 5 \"http://ref")).isNotNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "garbage", "GET / HTTP/1.1",
			"h - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200",
			"h - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200 ",
			"h - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 20 5",
			"h - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 2000 5",
			"h - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 2x0 5",
			"h - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200 5x",
			"h - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200 1234567890123456789",
			"h - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200 5\"ref\"",
			"h - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1 200 5",
			"h - - [17/May/2015:10:05:03 +0000] GET / HTTP/1.1 200 5",
			"h - - [17/may/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200 5",
			"h - - [30/Feb/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200 5",
			"h - - [29/Feb/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200 5",
			"h - - [17/May/2015:24:05:03 +0000] \"GET / HTTP/1.1\" 200 5",
			"h - - [17/May/2015:10:05:03 0000] \"GET / HTTP/1.1\" 200 5",
			"h - - [17/May/2015:10:05:03 +0000]\"GET / HTTP/1.1\" 200 5",
			"h - - 17/May/2015:10:05:03 +0000 \"GET / HTTP/1.1\" 200 5",
			"h  - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200 5",
			"h - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200 5",
			"h - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\\\" 200 5" })
	void rejectsMalformedLines(String line) {
		assertThat(parse(line)).isNull();
	}

}

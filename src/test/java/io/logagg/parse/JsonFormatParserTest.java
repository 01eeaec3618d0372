package io.logagg.parse;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonFormatParserTest {

	private static final String CADDY = "{\"level\":\"info\",\"ts\":1795975530.5512,\"logger\":\"http.log.access\",\"msg\":\"handled request\","
			+ "\"request\":{\"remote_ip\":\"127.0.0.1\",\"client_ip\":\"10.1.2.3\",\"proto\":\"HTTP/1.1\",\"method\":\"GET\","
			+ "\"host\":\"example.com\",\"uri\":\"/a/b?x=1\",\"headers\":{\"User-Agent\":[\"curl/8.5.0\",\"second\"],"
			+ "\"Accept\":[\"*/*\"],\"Referer\":[\"https://r.example/\"]},\"tls\":{\"resumed\":false,\"proto\":\"h2\"}},"
			+ "\"bytes_read\":0,\"user_id\":\"\",\"duration\":0.000431,\"size\":612,\"status\":200,"
			+ "\"resp_headers\":{\"Server\":[\"Caddy\"],\"Content-Type\":[\"text/html; charset=utf-8\"]}}";

	private static final String TRAEFIK = "{\"ClientHost\":\"10.0.0.9\",\"DownstreamContentSize\":1024,\"DownstreamStatus\":404,"
			+ "\"Duration\":2500000,\"RequestHost\":\"shop.example.com\",\"RequestMethod\":\"POST\",\"RequestPath\":\"/cart?id=4\","
			+ "\"RequestProtocol\":\"HTTP/2.0\",\"StartUTC\":\"2026-11-29T10:15:30.123456789Z\",\"request_User-Agent\":\"Mozilla/5.0 \\\"x\\\"\","
			+ "\"TLSVersion\":\"1.3\",\"TLSCipher\":\"TLS_AES_128_GCM_SHA256\",\"downstream_Content-Type\":\"application/json\"}";

	private final ParsedLine parsed = new ParsedLine();

	private ParsedLine parse(LineParser parser, String line) {
		byte[] bytes = ("##" + line + "##").getBytes(StandardCharsets.UTF_8);
		assertThat(parser.parse(bytes, 2, bytes.length - 2, this.parsed)).as(line).isTrue();
		return this.parsed;
	}

	private static boolean parses(LineParser parser, String line) {
		byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
		return parser.parse(bytes, 0, bytes.length, new ParsedLine());
	}

	@Test
	void readsCaddysAccessLog() {
		ParsedLine line = parse(FormatSpec.compile("caddy"), CADDY);
		assertThat(line.epochMinute()).isEqualTo(1795975530L / 60);
		assertThat(line.status()).isEqualTo(200);
		assertThat(line.size()).isEqualTo(612);
		assertThat(line.durationMicros()).isEqualTo(431);
		assertThat(line.text(LogField.CLIENT)).as("client_ip before remote_ip").isEqualTo("10.1.2.3");
		assertThat(line.text(LogField.PATH)).isEqualTo("/a/b");
		assertThat(line.text(LogField.QUERY)).isEqualTo("x=1");
		assertThat(line.text(LogField.PROTOCOL)).as("not tls.proto").isEqualTo("HTTP/1.1");
		assertThat(line.text(LogField.USER_AGENT)).as("the first of the array").isEqualTo("curl/8.5.0");
		assertThat(line.text(LogField.REFERER)).isEqualTo("https://r.example/");
		assertThat(line.text(LogField.VHOST)).isEqualTo("example.com");
		assertThat(line.has(LogField.USER)).as("an empty user is none").isFalse();
		assertThat(line.text(LogField.CONTENT_TYPE)).isEqualTo("text/html; charset=utf-8");
	}

	@Test
	void readsTraefiksAccessLog() {
		ParsedLine line = parse(FormatSpec.compile("traefik"), TRAEFIK);
		assertThat(line.epochMinute()).isEqualTo(ZonedDateTime.parse("2026-11-29T10:15:00Z").toEpochSecond() / 60);
		assertThat(line.status()).isEqualTo(404);
		assertThat(line.durationMicros()).isEqualTo(2500);
		assertThat(line.text(LogField.PATH)).isEqualTo("/cart");
		assertThat(line.text(LogField.USER_AGENT)).isEqualTo("Mozilla/5.0 \\\"x\\\"");
		assertThat(line.text(LogField.TLS_VERSION)).isEqualTo("1.3");
		assertThat(line.text(LogField.TLS_CIPHER)).isEqualTo("TLS_AES_128_GCM_SHA256");
		assertThat(line.text(LogField.CONTENT_TYPE)).isEqualTo("application/json");
	}

	@Test
	void aMappingFromSettingsReadsTimesInAnyForm() {
		LineParser parser = FormatSpec.compile("json", new FormatSpec.JsonKeys(
				Map.of(LogField.TIME, "@timestamp", LogField.STATUS, "http.status", LogField.DURATION, "took"),
				JsonFormatParser.Unit.MILLIS));
		long minute = ZonedDateTime.parse("2026-11-29T10:15:00Z").toEpochSecond() / 60;
		assertThat(parse(parser, "{\"@timestamp\":\"2026-11-29T11:15:30+01:00\",\"http\":{\"status\":\"503\"},\"took\":12}")
			.epochMinute()).isEqualTo(minute);
		assertThat(this.parsed.durationMicros()).isEqualTo(12_000);
		assertThat(parse(parser, "{\"@timestamp\":1795976130000,\"http\":{\"status\":503}}").epochMinute())
			.isEqualTo(1795976130L / 60);
		assertThat(parse(parser, "{\"@timestamp\":\"29/Nov/2026:10:15:30 +0000\",\"http\":{\"status\":503}}").epochMinute())
			.isEqualTo(minute);
	}

	@Test
	void anythingButAnObjectWithATimeAndAStatusIsMalformed() {
		LineParser caddy = FormatSpec.compile("caddy");
		assertThat(parses(caddy, "10.0.0.1 - - [29/Nov/2026:10:15:30 +0000] \"GET / HTTP/1.1\" 200 1")).isFalse();
		assertThat(parses(caddy, CADDY.substring(0, CADDY.length() - 1))).as("cut short").isFalse();
		assertThat(parses(caddy, CADDY.replace("\"status\":200", "\"status\":\"OK\""))).isFalse();
		assertThat(parses(caddy, CADDY.replace("\"ts\":1795975530.5512,", ""))).as("no time").isFalse();
		assertThat(parses(caddy, CADDY + " trailing")).isFalse();
		assertThat(parses(caddy, CADDY)).isTrue();
	}

}

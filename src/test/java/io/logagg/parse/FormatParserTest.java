package io.logagg.parse;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FormatParserTest {

	private static final String NGINX = "nginx:$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
			+ "\"$http_referer\" \"$http_user_agent\" $request_time $host";

	private static final String APACHE = "apache:%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\" %D %v";

	private final ParsedLine parsed = new ParsedLine();

	private ParsedLine parse(String spec, String line) {
		byte[] bytes = ("##" + line + "##").getBytes(StandardCharsets.UTF_8);
		// From the middle of a buffer, as the reader does.
		assertThat(FormatSpec.compile(spec).parse(bytes, 2, bytes.length - 2, this.parsed)).as(line).isTrue();
		return this.parsed;
	}

	private String explain(String spec, String line) {
		byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
		return FormatSpec.compile(spec).explain(bytes, 0, bytes.length);
	}

	private static long minute(String isoTime) {
		return ZonedDateTime.parse(isoTime).toEpochSecond() / 60;
	}

	@Test
	void readsGoAccessesVcommonAndTraefiksClfPresets() {
		ParsedLine vcommon = parse("vcommon", "shop.example.com:443 192.0.2.7 - - [06/Dec/2026:10:15:30 +0000] \"GET /cart HTTP/1.1\" 200 512");
		assertThat(vcommon.text(LogField.VHOST)).isEqualTo("shop.example.com");
		assertThat(vcommon.text(LogField.CLIENT)).isEqualTo("192.0.2.7");
		assertThat(vcommon.text(LogField.PATH)).isEqualTo("/cart");
		assertThat(vcommon.size()).isEqualTo(512);
		// Traefik's documented CLF example.
		ParsedLine traefik = parse("traefikclf", "192.168.2.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326 "
				+ "\"http://www.example.com/start.html\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\" 1 \"router-name@docker\" "
				+ "\"http://172.17.0.2:80\" 13ms");
		assertThat(traefik.epochMinute()).isEqualTo(minute("2000-10-10T20:55:00Z"));
		assertThat(traefik.status()).isEqualTo(200);
		assertThat(traefik.size()).isEqualTo(2326);
		assertThat(traefik.text(LogField.REFERER)).isEqualTo("http://www.example.com/start.html");
		assertThat(traefik.text(LogField.USER_AGENT)).isEqualTo("Mozilla/4.08 [en] (Win98; I ;Nav)");
		assertThat(traefik.durationMicros()).isEqualTo(13_000);
	}

	@Test
	void readsTheContentTypeCacheStatusAndTlsOfNginxAndApache() {
		ParsedLine nginx = parse("nginx:$remote_addr [$time_local] \"$request\" $status \"$sent_http_content_type\" "
				+ "$upstream_cache_status $ssl_protocol $ssl_cipher", "192.0.2.7 [06/Dec/2026:10:15:30 +0000] \"GET / HTTP/2.0\" 200 "
						+ "\"text/html; charset=utf-8\" HIT TLSv1.3 TLS_AES_128_GCM_SHA256");
		assertThat(nginx.text(LogField.CONTENT_TYPE)).isEqualTo("text/html; charset=utf-8");
		assertThat(nginx.text(LogField.CACHE_STATUS)).isEqualTo("HIT");
		assertThat(nginx.text(LogField.TLS_VERSION)).isEqualTo("TLSv1.3");
		assertThat(nginx.text(LogField.TLS_CIPHER)).isEqualTo("TLS_AES_128_GCM_SHA256");
		ParsedLine apache = parse("apache:%h %t \"%r\" %>s \"%{Content-Type}o\" %{cache-status}e %{SSL_PROTOCOL}x %{SSL_CIPHER}x",
				"192.0.2.7 [06/Dec/2026:10:15:30 +0000] \"GET / HTTP/1.1\" 200 \"image/png\" miss TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256");
		assertThat(apache.text(LogField.CONTENT_TYPE)).isEqualTo("image/png");
		assertThat(apache.text(LogField.CACHE_STATUS)).isEqualTo("miss");
		assertThat(apache.text(LogField.TLS_VERSION)).isEqualTo("TLSv1.2");
		assertThat(apache.text(LogField.TLS_CIPHER)).isEqualTo("ECDHE-RSA-AES128-GCM-SHA256");
	}

	@Test
	void readsAwsClassicLoadBalancerLines() {
		// AWS's documented example of a Classic Load Balancer's access log entry.
		ParsedLine elb = parse("awselb", "2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.000073 "
				+ "0.001048 0.000057 200 200 0 29 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.38.0\" - -");
		assertThat(elb.epochMinute()).isEqualTo(minute("2015-05-13T23:39:00Z"));
		assertThat(elb.text(LogField.CLIENT)).isEqualTo("192.168.131.39");
		assertThat(elb.status()).isEqualTo(200);
		assertThat(elb.size()).isEqualTo(29);
		assertThat(elb.durationMicros()).isEqualTo(1048);
		assertThat(elb.text(LogField.METHOD)).isEqualTo("GET");
		assertThat(elb.text(LogField.USER_AGENT)).isEqualTo("curl/7.38.0");
	}

	@Test
	void readsAwsApplicationLoadBalancerLinesWhateverFieldsFollowTheDomainName() {
		// AWS's documented example of an Application Load Balancer's access log entry.
		String documented = "http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 "
				+ "0.000 0.001 0.000 200 200 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - "
				+ "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "
				+ "\"Root=1-58337262-36d228ad5d99923122bbe354\" \"-\" \"-\" 0 2018-07-02T22:22:48.364000Z \"forward\" \"-\" \"-\" "
				+ "\"10.0.0.1:80\" \"200\" \"-\" \"-\" TID_1234abcd5678ef90";
		ParsedLine alb = parse("awsalb", documented);
		assertThat(alb.epochMinute()).isEqualTo(minute("2018-07-02T22:23:00Z"));
		assertThat(alb.text(LogField.CLIENT)).isEqualTo("192.168.131.39");
		assertThat(alb.status()).isEqualTo(200);
		assertThat(alb.size()).isEqualTo(366);
		assertThat(alb.durationMicros()).isEqualTo(1000);
		ParsedLine named = parse("awsalb", documented.replace("\"-\" \"-\" 0 2018", "\"www.example.com\" \"-\" 0 2018"));
		assertThat(named.text(LogField.VHOST)).isEqualTo("www.example.com");
	}

	@Test
	void readsEveryFieldOfAnNginxLine() {
		ParsedLine line = parse(NGINX, "2001:db8::1 - alice [29/Nov/2026:10:15:30 +0100] \"POST /api/v1/orders?id=42&x=y HTTP/2.0\" 201 "
				+ "1234 \"https://example.com/page\" \"Mozilla/5.0 (X11; Linux) \\x22quoted\\x22\" 0.125 shop.example.com");
		assertThat(line.epochMinute()).isEqualTo(minute("2026-11-29T09:15:00Z"));
		assertThat(line.status()).isEqualTo(201);
		assertThat(line.size()).isEqualTo(1234);
		assertThat(line.durationMicros()).isEqualTo(125_000);
		assertThat(line.text(LogField.CLIENT)).isEqualTo("2001:db8::1");
		assertThat(line.text(LogField.USER)).isEqualTo("alice");
		assertThat(line.text(LogField.METHOD)).isEqualTo("POST");
		assertThat(line.text(LogField.PATH)).isEqualTo("/api/v1/orders");
		assertThat(line.text(LogField.QUERY)).isEqualTo("id=42&x=y");
		assertThat(line.text(LogField.PROTOCOL)).isEqualTo("HTTP/2.0");
		assertThat(line.text(LogField.REFERER)).isEqualTo("https://example.com/page");
		assertThat(line.text(LogField.USER_AGENT)).isEqualTo("Mozilla/5.0 (X11; Linux) \\x22quoted\\x22");
		assertThat(line.text(LogField.VHOST)).isEqualTo("shop.example.com");
	}

	@Test
	void findsTheEndOfAQuotedFieldAfterEscapesAtEveryAlignment() {
		Random random = new Random(17);
		// A quote that the next literal ("\" ") does not follow stays in the field.
		String[] pieces = { "a", "\\\"", "\\\\", "\"x", " " };
		for (int round = 0; round < 500; round++) {
			StringBuilder agent = new StringBuilder();
			for (int i = random.nextInt(30); i > 0; i--) {
				agent.append(pieces[random.nextInt(pieces.length)]);
			}
			agent.append('z');
			ParsedLine line = parse(APACHE, "10.0.0.1 - - [29/Nov/2026:10:15:30 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"" + agent
					+ "\" 2500 www.example.com");
			assertThat(line.text(LogField.USER_AGENT)).isEqualTo(agent.toString());
			assertThat(line.text(LogField.VHOST)).isEqualTo("www.example.com");
		}
	}

	@Test
	void readsAnApacheLineWithEscapedQuotesAndMicroseconds() {
		ParsedLine line = parse(APACHE, "10.0.0.1 - - [29/Nov/2026:10:15:30 +0000] \"GET /a\\\"b HTTP/1.1\" 404 - \"-\" "
				+ "\"agent \\\"with\\\" quotes\" 2500 www.example.com");
		assertThat(line.status()).isEqualTo(404);
		assertThat(line.size()).isZero();
		assertThat(line.durationMicros()).isEqualTo(2500);
		assertThat(line.text(LogField.PATH)).isEqualTo("/a\\\"b");
		assertThat(line.has(LogField.REFERER)).as("- is no referer").isFalse();
		assertThat(line.text(LogField.USER_AGENT)).isEqualTo("agent \\\"with\\\" quotes");
		assertThat(line.text(LogField.VHOST)).isEqualTo("www.example.com");
	}

	@Test
	void readsIsoAndEpochTimesAndDurationsInEveryUnit() {
		assertThat(parse("nginx:$time_iso8601 $status", "2026-11-29T10:15:30+01:00 200").epochMinute())
			.isEqualTo(minute("2026-11-29T09:15:00Z"));
		assertThat(parse("nginx:$msec $status", "1795975530.123 200").epochMinute()).isEqualTo(1795975530L / 60);
		assertThat(parse("apache:%t %>s %{ms}T", "[29/Nov/2026:10:15:30 +0000] 200 17").durationMicros()).isEqualTo(17_000);
		assertThat(parse("apache:%t %>s %T", "[29/Nov/2026:10:15:30 +0000] 200 2").durationMicros()).isEqualTo(2_000_000);
	}

	@Test
	void anUpstreamListCountsTheSumOfItsTimes() {
		String spec = "nginx:[$time_local] $status $upstream_response_time";
		assertThat(parse(spec, "[29/Nov/2026:10:15:30 +0000] 502 0.010, 0.002 : 0.004").durationMicros()).isEqualTo(16_000);
		assertThat(parse(spec, "[29/Nov/2026:10:15:30 +0000] 200 -").durationMicros()).as("no upstream").isEqualTo(-1);
	}

	@Test
	void sayWhichFieldFailedAndWhere() {
		assertThat(explain(NGINX, "10.0.0.1 - - [29/Nov/2026:10:15:30 +0000] \"GET / HTTP/1.1\" 2x0 12 \"-\" \"-\" 0.1 h"))
			.isEqualTo("$status: expected 3 digits at byte 59");
		assertThat(explain(NGINX, "10.0.0.1 - - [32/Nov/2026:10:15:30 +0000] \"GET / HTTP/1.1\" 200 12 \"-\" \"-\" 0.1 h"))
			.isEqualTo("$time_local: not a valid time at byte 14");
		assertThat(explain(NGINX, "10.0.0.1 - - [29/Nov/2026:10:15:30 +0000] \"GET / HTTP/1.1\" 200 12 \"-\" \"-\" 0.1"))
			.isEqualTo("$request_time: no end found (expected \" \" after it) at byte 74");
		assertThat(explain(NGINX, "10.0.0.1 - - [29/Nov/2026:10:15:30 +0000] \"GET / HTTP/1.1\" 200 12 \"-\" \"-\" 0.1 h"))
			.isNull();
	}

	@Test
	void theCombinedFormatAsAnNginxStringReadsWhatTheCombinedParserReads() {
		String line = "10.1.2.3 - alice [20/Nov/2026:06:25:01 -0500] \"GET /index.html?x=1 HTTP/1.1\" 304 - \"http://r/\" \"curl/8\"";
		byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
		AccessLogEntry combined = new CombinedLogParser().entry(bytes, 0, bytes.length);
		AccessLogEntry nginx = FormatSpec.compile("nginx:$remote_addr - $remote_user [$time_local] \"$request\" $status "
				+ "$body_bytes_sent \"$http_referer\" \"$http_user_agent\"").entry(bytes, 0, bytes.length);
		assertThat(nginx).isEqualTo(combined);
	}

}

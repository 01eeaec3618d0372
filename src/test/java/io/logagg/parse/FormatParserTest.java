package io.logagg.parse;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FormatParserTest {

	private static final String NGINX = "nginx:$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
			+ "\"$http_referer\" \"$http_user_agent\" $request_time $host";

	private static final String APACHE = "apache:%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\" %D %v";

	private final ParsedLine parsed = new ParsedLine();

	private ParsedLine parse(String spec, String line) {
		return parse(FormatSpec.compile(spec), line);
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

	private boolean directive(LineParser parser, String line) {
		byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
		assertThat(parser.parse(bytes, 0, bytes.length, this.parsed)).as("a directive is no request").isFalse();
		return parser.directive(bytes, 0, bytes.length);
	}

	private ParsedLine parse(LineParser parser, String line) {
		byte[] bytes = ("##" + line + "##").getBytes(StandardCharsets.UTF_8);
		// From the middle of a buffer, as the reader does.
		assertThat(parser.parse(bytes, 2, bytes.length - 2, this.parsed)).as(line).isTrue();
		return this.parsed;
	}

	@Test
	void readsW3cLinesByTheFieldsOfTheirFilesLastHeader() {
		LineParser iis = FormatSpec.compile("w3c");
		ParsedLine byDefault = parse(iis, "2026-12-06 10:15:30 10.0.0.4 GET /index.html q=1 443 - 203.0.113.9 "
				+ "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) - 200 0 0 15");
		assertThat(byDefault.epochMinute()).isEqualTo(minute("2026-12-06T10:15:00Z"));
		assertThat(byDefault.text(LogField.CLIENT)).isEqualTo("203.0.113.9");
		assertThat(byDefault.text(LogField.PATH)).isEqualTo("/index.html");
		assertThat(byDefault.text(LogField.QUERY)).isEqualTo("q=1");
		assertThat(byDefault.text(LogField.USER_AGENT)).isEqualTo("Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)");
		assertThat(byDefault.durationMicros()).as("IIS's time-taken is in milliseconds").isEqualTo(15_000);

		assertThat(directive(iis, "#Software: Microsoft Internet Information Services 10.0")).isTrue();
		assertThat(directive(iis, "#Fields: date time c-ip cs-method cs-uri-stem sc-status sc-bytes time-taken cs-host")).isTrue();
		ParsedLine byHeader = parse(iis, "2026-12-06 23:59:59.250 198.51.100.1 POST /api/orders 201 512 7 shop.example.com");
		assertThat(byHeader.epochMinute()).isEqualTo(minute("2026-12-06T23:59:00Z"));
		assertThat(byHeader.status()).isEqualTo(201);
		assertThat(byHeader.size()).isEqualTo(512);
		assertThat(byHeader.text(LogField.VHOST)).isEqualTo("shop.example.com");
		assertThat(byHeader.text(LogField.METHOD)).isEqualTo("POST");
		iis.startFile();
		byte[] old = "2026-12-06 23:59:59 198.51.100.1 POST /api/orders 201 512 7 shop.example.com".getBytes(StandardCharsets.UTF_8);
		assertThat(iis.parse(old, 0, old.length, this.parsed)).as("a new file starts with the default fields").isFalse();
	}

	@Test
	void readsCloudFrontsDocumentedExample() {
		LineParser cloudFront = FormatSpec.compile("cloudfront");
		assertThat(directive(cloudFront, "#Version: 1.0")).isTrue();
		// AWS's documented example of a standard log line (its fields in their documented order).
		ParsedLine line = parse(cloudFront, String.join("\t", "2019-12-04", "21:02:31", "LAX1-C3", "392", "192.0.2.100", "GET",
				"d111111abcdef8.cloudfront.net", "/index.html", "200", "-",
				"Mozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)%20AppleWebKit/537.36%20(KHTML,%20like%20Gecko)%20Chrome/78.0.3904.108%20Safari/537.36",
				"-", "-", "Hit", "SOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==", "d111111abcdef8.cloudfront.net", "https", "23",
				"0.001", "-", "TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256", "Hit", "HTTP/2.0", "-", "-", "11040", "0.001", "Hit", "text/html",
				"78", "-", "-"));
		assertThat(line.epochMinute()).isEqualTo(minute("2019-12-04T21:02:00Z"));
		assertThat(line.status()).isEqualTo(200);
		assertThat(line.size()).isEqualTo(392);
		assertThat(line.text(LogField.CLIENT)).isEqualTo("192.0.2.100");
		assertThat(line.text(LogField.VHOST)).as("x-host-header").isEqualTo("d111111abcdef8.cloudfront.net");
		assertThat(line.text(LogField.CACHE_STATUS)).isEqualTo("Hit");
		assertThat(line.text(LogField.TLS_VERSION)).isEqualTo("TLSv1.2");
		assertThat(line.text(LogField.CONTENT_TYPE)).isEqualTo("text/html");
		assertThat(line.text(LogField.PROTOCOL)).isEqualTo("HTTP/2.0");
		assertThat(line.durationMicros()).as("CloudFront's time-taken is in seconds").isEqualTo(1000);
	}

	@Test
	void readsSquidS3AndCloudStoragePresets() {
		// Squid's native access.log, as its documentation shows it.
		ParsedLine squid = parse("squid",
				"1286536308.779    180 192.168.0.224 TCP_MISS/200 411 GET http://www.goaccess.io/ - DIRECT/193.138.215.48 text/html");
		assertThat(squid.epochMinute()).isEqualTo(1286536308L / 60);
		assertThat(squid.text(LogField.CLIENT)).isEqualTo("192.168.0.224");
		assertThat(squid.text(LogField.CACHE_STATUS)).isEqualTo("TCP_MISS");
		assertThat(squid.status()).isEqualTo(200);
		assertThat(squid.size()).isEqualTo(411);
		assertThat(squid.durationMicros()).isEqualTo(180_000);
		assertThat(squid.text(LogField.CONTENT_TYPE)).isEqualTo("text/html");
		// AWS's documented example of an S3 server access log record.
		ParsedLine s3 = parse("awss3", "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be awsexamplebucket1 "
				+ "[06/Feb/2019:00:00:38 +0000] 192.0.2.3 79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be "
				+ "3E57427F3EXAMPLE REST.GET.VERSIONING - \"GET /awsexamplebucket1?versioning HTTP/1.1\" 200 - 113 - 7 - \"-\" "
				+ "\"S3Console/0.4\" - s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234= SigV2 "
				+ "ECDHE-RSA-AES128-GCM-SHA256 AuthHeader awsexamplebucket1.s3.us-west-1.amazonaws.com TLSV1.2");
		assertThat(s3.epochMinute()).isEqualTo(minute("2019-02-06T00:00:00Z"));
		assertThat(s3.text(LogField.VHOST)).isEqualTo("awsexamplebucket1");
		assertThat(s3.text(LogField.CLIENT)).isEqualTo("192.0.2.3");
		assertThat(s3.text(LogField.PATH)).isEqualTo("/awsexamplebucket1");
		assertThat(s3.size()).isEqualTo(113);
		assertThat(s3.durationMicros()).isEqualTo(7000);
		assertThat(s3.text(LogField.USER_AGENT)).isEqualTo("S3Console/0.4");
		// Google Cloud Storage's usage log: a CSV whose header row is no request.
		LineParser storage = FormatSpec.compile("cloudstorage");
		assertThat(directive(storage, "\"time_micros\",\"c_ip\",\"c_ip_type\",\"c_ip_region\",\"cs_method\",\"cs_uri\",\"sc_status\","
				+ "\"cs_bytes\",\"sc_bytes\",\"time_taken_micros\",\"cs_host\",\"cs_referer\",\"cs_user_agent\",\"s_request_id\","
				+ "\"cs_operation\",\"cs_bucket\",\"cs_object\"")).isTrue();
		ParsedLine gcs = parse(storage, "\"1304444444444444\",\"192.0.2.5\",\"1\",\"\",\"GET\",\"/download/storage/v1/b/bucket/o/obj?alt=media\","
				+ "\"200\",\"0\",\"1024\",\"56000\",\"storage.googleapis.com\",\"\",\"curl/7.68.0\",\"AEnB2Uo\",\"GET_Object\",\"bucket\",\"obj\"");
		assertThat(gcs.epochMinute()).isEqualTo(1304444444444444L / 60_000_000);
		assertThat(gcs.size()).isEqualTo(1024);
		assertThat(gcs.durationMicros()).isEqualTo(56_000);
		assertThat(gcs.text(LogField.PATH)).isEqualTo("/download/storage/v1/b/bucket/o/obj");
		assertThat(gcs.has(LogField.REFERER)).isFalse();
	}

	@Test
	void readsGoAccessFormatStringsWithTheirDateAndTimeFormats() {
		ParsedLine combined = parse("goaccess:%h %^[%d:%t %^] \"%r\" %s %b \"%R\" \"%u\" %T",
				"192.0.2.7 - - [06/Dec/2026:10:15:30 -0500] \"GET /a?b=1 HTTP/1.1\" 404 12 \"-\" \"curl/8\" 0.250");
		assertThat(combined.epochMinute()).as("the offset is read").isEqualTo(minute("2026-12-06T15:15:00Z"));
		assertThat(combined.status()).isEqualTo(404);
		assertThat(combined.durationMicros()).isEqualTo(250_000);
		LineParser iso = FormatSpec.compile("goaccess:%d %t %h \"%r\" %s %b %~%L ~h{, }",
				new FormatSpec.Options(FormatSpec.JsonKeys.NONE, "%Y-%m-%d", "%T"));
		byte[] line = "2026-12-06 10:15:30 10.0.0.1 \"GET / HTTP/2.0\" 200 5    12.5 203.0.113.4, 10.0.0.1".getBytes(StandardCharsets.UTF_8);
		ParsedLine forwarded = new ParsedLine();
		assertThat(iso.parse(line, 0, line.length, forwarded)).isTrue();
		assertThat(forwarded.epochMinute()).isEqualTo(minute("2026-12-06T10:15:00Z"));
		assertThat(forwarded.durationMicros()).isEqualTo(12_500);
		assertThat(forwarded.text(LogField.CLIENT)).as("the forwarded client, after %h").isEqualTo("203.0.113.4");
		assertThatThrownBy(() -> FormatSpec.compile("goaccess:%h %d %s")).hasMessageContaining("%d without %t");
		assertThatThrownBy(() -> FormatSpec.compile("goaccess:%h %Z %s")).hasMessageContaining("%Z is not a GoAccess specifier");
		assertThatThrownBy(() -> FormatSpec.compile("goaccess:%h %d %t %s", new FormatSpec.Options(FormatSpec.JsonKeys.NONE, "%Y-%Q", "%T")))
			.hasMessageContaining("%Q");
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
	void findsTheLiteralAfterAFieldAtEveryAlignmentPastPartsOfIt() {
		Random random = new Random(29);
		// Pieces that start the literal (" | ") without completing it stay in the field.
		String[] pieces = { "a", " ", " |", "|", " |x", "bcdefghij" };
		for (int round = 0; round < 500; round++) {
			StringBuilder user = new StringBuilder("u");
			for (int i = random.nextInt(30); i > 0; i--) {
				String piece = pieces[random.nextInt(pieces.length)];
				if (!(user + piece + "z").contains(" | ")) {
					user.append(piece);
				}
			}
			user.append('z');
			ParsedLine line = parse("nginx:$msec $status $remote_user | $host", "1764412530.123 200 " + user + " | www.example.com");
			assertThat(line.text(LogField.USER)).isEqualTo(user.toString());
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

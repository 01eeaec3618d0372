package io.logagg.bench;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a server would have logged a generated request: the combined line of
 * {@link AccessLogGenerator} rewritten in another format, with the {@code --format} that reads it.
 * Lines that are not combined (the generator's malformed ones) stay as they are, malformed in every
 * layout. The request's duration and virtual host are derived from its number, so that the same
 * data set is the same requests in every layout.
 */
public enum LineLayout {

	/** As generated. */
	COMBINED("combined"),
	/** nginx's combined with {@code $request_time} and {@code $host}. */
	NGINX("nginx:$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent \"$http_referer\" "
			+ "\"$http_user_agent\" $request_time $host"),
	/** Apache's combined with {@code %D} (microseconds) and {@code %v}. */
	APACHE("apache:%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\" %D %v"),
	/** Caddy v2's JSON access log. */
	CADDY("caddy"),
	/** Traefik's JSON access log. */
	TRAEFIK("traefik"),
	/**
	 * The W3C extended format as IIS writes it, in UTC, spaces of the agent as {@code +}, with a
	 * header of its own field order before the first line (a file's number 0).
	 */
	W3C("w3c"),
	/** CloudFront's standard log: tab-separated, its documented fields, its header before the first line. */
	CLOUDFRONT("cloudfront"),
	/** Squid's native access log, the path as the URL (as an accelerator logs it without its host). */
	SQUID("squid"),
	/** Amazon S3's server access log, the bucket a virtual host. */
	AWSS3("awss3"),
	/** Google Cloud Storage's usage log: CSV, its header row before the first line. */
	CLOUDSTORAGE("cloudstorage"),
	/** GoAccess's VCOMMON: the virtual host and port, then the common log format. */
	VCOMMON("vcommon"),
	/** Traefik's CLF access log: combined, the requests so far, the router, the server, the duration in ms. */
	TRAEFIKCLF("traefikclf"),
	/** AWS's Application Load Balancer log: the request names the whole URL, as ALB writes it. */
	AWSALB("awsalb");

	/** The fields of {@link #W3C} lines, in an order of their own: a reader must take them from the header. */
	public static final String W3C_FIELDS = "date time c-ip cs-username cs-method cs-uri-stem cs-uri-query sc-status sc-bytes time-taken "
			+ "cs(User-Agent) cs(Referer) cs-host";

	private static final String CLOUDFRONT_FIELDS = "date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status "
			+ "cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol "
			+ "cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version "
			+ "fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len "
			+ "sc-range-start sc-range-end";

	private static final DateTimeFormatter ISO_MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter W3C_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

	private static final Pattern COMBINED_LINE = Pattern
		.compile("(\\S+) \\S+ (\\S+) \\[([^\\]]+)\\] \"(\\S+) (\\S+) (\\S+)\" (\\d{3}) (\\d+|-) \"([^\"]*)\" \"([^\"]*)\"");

	private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

	private static final DateTimeFormatter UTC_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

	private static final String[] HOSTS = { "www.example.com", "shop.example.com", "api.example.com" };

	private final String format;

	LineLayout(String format) {
		this.format = format;
	}

	/** The {@code --format} that reads this layout. */
	public String format() {
		return this.format;
	}

	/** The layout called {@code name} ({@code nginx}), whatever its case. */
	public static LineLayout named(String name) {
		return valueOf(name.toUpperCase(Locale.ROOT));
	}

	/** The request's duration in microseconds: spread from 0.1 ms to about 2.5 s, most under 100 ms. */
	public static long durationMicros(long number) {
		long spread = (number * 2_654_435_761L) & 0xFFFF;
		return 100 + spread * spread / 1_700;
	}

	private static String quoted(String value) {
		return "\"" + value + "\"";
	}

	private static String dashIfEmpty(String value) {
		return value.isEmpty() ? "-" : value;
	}

	/**
	 * {@code line}, the {@code number}th request, as this layout writes it; for a layout whose
	 * files begin with a header (W3C, CloudFront), request 0 comes after the header's lines.
	 */
	public String rewrite(String line, long number) {
		if (this == COMBINED) {
			return line;
		}
		Matcher m = COMBINED_LINE.matcher(line);
		if (!m.matches()) {
			return line;
		}
		ZonedDateTime time;
		try {
			time = ZonedDateTime.parse(m.group(3), CLF);
		}
		catch (DateTimeException ex) {
			return line;
		}
		long micros = durationMicros(number);
		String host = HOSTS[(int) (number % HOSTS.length)];
		String size = m.group(8).equals("-") ? "0" : m.group(8);
		return switch (this) {
			case NGINX -> line.replace("\" " + m.group(7) + " -", "\" " + m.group(7) + " 0")
					+ String.format(Locale.ROOT, " %d.%03d %s", micros / 1_000_000, micros / 1000 % 1000, host);
			case APACHE -> line + " " + micros + " " + host;
			case CADDY -> "{\"level\":\"info\",\"ts\":" + time.toEpochSecond() + "." + String.format(Locale.ROOT, "%06d", number % 1_000_000)
					+ ",\"logger\":\"http.log.access\",\"msg\":\"handled request\",\"request\":{\"remote_ip\":\"" + m.group(1)
					+ "\",\"remote_port\":\"" + (40_000 + number % 20_000) + "\",\"client_ip\":\"" + m.group(1) + "\",\"proto\":\""
					+ m.group(6) + "\",\"method\":\"" + m.group(4) + "\",\"host\":\"" + host + "\",\"uri\":\"" + m.group(5)
					+ "\",\"headers\":{\"User-Agent\":[\"" + m.group(10) + "\"],\"Accept\":[\"*/*\"],\"Referer\":[\"" + m.group(9)
					+ "\"]},\"tls\":{\"resumed\":false,\"version\":772,\"cipher_suite\":4865,\"proto\":\"h2\",\"server_name\":\""
					+ host + "\"}},\"bytes_read\":0,\"user_id\":\"\",\"duration\":" + BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString() + ",\"size\":" + size
					+ ",\"status\":" + m.group(7) + ",\"resp_headers\":{\"Server\":[\"Caddy\"],\"Content-Type\":[\"text/html\"]}}";
			case TRAEFIK -> "{\"ClientAddr\":\"" + m.group(1) + ":" + (40_000 + number % 20_000) + "\",\"ClientHost\":\"" + m.group(1)
					+ "\",\"ClientPort\":\"" + (40_000 + number % 20_000) + "\",\"ClientUsername\":\"-\",\"DownstreamContentSize\":"
					+ size + ",\"DownstreamStatus\":" + m.group(7) + ",\"Duration\":" + micros * 1000
					+ ",\"OriginContentSize\":" + size + ",\"OriginDuration\":" + micros * 900 + ",\"OriginStatus\":" + m.group(7)
					+ ",\"Overhead\":" + micros * 100 + ",\"RequestAddr\":\"" + host + "\",\"RequestContentSize\":0,\"RequestCount\":"
					+ number + ",\"RequestHost\":\"" + host + "\",\"RequestMethod\":\"" + m.group(4) + "\",\"RequestPath\":\""
					+ m.group(5) + "\",\"RequestPort\":\"-\",\"RequestProtocol\":\"" + m.group(6)
					+ "\",\"RequestScheme\":\"https\",\"RetryAttempts\":0,\"RouterName\":\"web@docker\",\"StartLocal\":\""
					+ UTC_SECONDS.format(time) + ".123456789Z\",\"StartUTC\":\"" + UTC_SECONDS.format(time)
					+ ".123456789Z\",\"entryPointName\":\"websecure\",\"level\":\"info\",\"msg\":\"\",\"request_Referer\":\""
					+ m.group(9) + "\",\"request_User-Agent\":\"" + m.group(10) + "\",\"time\":\"" + UTC_SECONDS.format(time) + "Z\"}";
			case W3C -> {
				String uri = m.group(5);
				int q = uri.indexOf('?');
				String w3c = String.join(" ", W3C_TIME.format(time), m.group(1), m.group(2), m.group(4), (q < 0) ? uri : uri.substring(0, q),
						(q < 0 || q + 1 == uri.length()) ? "-" : uri.substring(q + 1), m.group(7), size, Long.toString(micros / 1000),
						dashIfEmpty(m.group(10)).replace(' ', '+'), dashIfEmpty(m.group(9)).replace(' ', '+'), host);
				yield (number == 0) ? "#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Date: "
						+ W3C_TIME.format(time) + "\n#Fields: " + W3C_FIELDS + "\n" + w3c : w3c;
			}
			case CLOUDFRONT -> {
				String uri = m.group(5);
				int q = uri.indexOf('?');
				String result = (number % 3 == 0) ? "Miss" : "Hit";
				String cloudFront = String.join("\t", W3C_TIME.format(time).replace(' ', '\t'), "LAX1-C3", size, m.group(1), m.group(4),
						"d111111abcdef8.cloudfront.net", (q < 0) ? uri : uri.substring(0, q), m.group(7), dashIfEmpty(m.group(9)),
						dashIfEmpty(m.group(10)).replace(" ", "%20"), (q < 0 || q + 1 == uri.length()) ? "-" : uri.substring(q + 1), "-",
						result, "req" + number, host, "https", "120", BigDecimal.valueOf(micros / 1000, 3).toPlainString(), "-", "TLSv1.3",
						"TLS_AES_128_GCM_SHA256", result, m.group(6), "-", "-", Long.toString(40_000 + number % 20_000), "0.001", result,
						"text/html", size, "-", "-");
				yield (number == 0) ? "#Version: 1.0\n#Fields: " + CLOUDFRONT_FIELDS + "\n" + cloudFront : cloudFront;
			}
			case SQUID -> String.format(Locale.ROOT, "%d.%03d %6d %s %s/%s %s %s %s %s DIRECT/10.0.0.1 text/html", time.toEpochSecond(),
					number % 1000, micros / 1000, m.group(1), (number % 3 == 0) ? "TCP_MISS" : "TCP_HIT", m.group(7), size, m.group(4),
					m.group(5), m.group(2));
			case AWSS3 -> "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be " + host.replace('.', '-') + " ["
					+ CLF.format(time) + "] " + m.group(1) + " arn:aws:iam::123456789012:user/alice 3E57427F3EXAMPLE REST.GET.OBJECT key"
					+ number + " \"" + m.group(4) + " " + m.group(5) + " " + m.group(6) + "\" " + m.group(7) + " - " + size + " " + size + " "
					+ micros / 1000 + " " + micros / 2000 + " \"" + m.group(9) + "\" \"" + m.group(10) + "\" - s9lzHYrFp76ZVxRc= SigV4 "
					+ "ECDHE-RSA-AES128-GCM-SHA256 AuthHeader " + host + " TLSv1.2 - -";
			case CLOUDSTORAGE -> {
				String csv = String.join(",", quoted(Long.toString(time.toEpochSecond() * 1_000_000 + number % 1_000_000)), quoted(m.group(1)),
						quoted("1"), quoted(""), quoted(m.group(4)), quoted(m.group(5)), quoted(m.group(7)), quoted("0"), quoted(size),
						quoted(Long.toString(micros)), quoted("storage.googleapis.com"), quoted(m.group(9).equals("-") ? "" : m.group(9)),
						quoted(m.group(10)), quoted("AEnB2U" + number), quoted("GET_Object"), quoted("bucket"), quoted("obj" + number));
				yield (number == 0) ? "\"time_micros\",\"c_ip\",\"c_ip_type\",\"c_ip_region\",\"cs_method\",\"cs_uri\",\"sc_status\","
						+ "\"cs_bytes\",\"sc_bytes\",\"time_taken_micros\",\"cs_host\",\"cs_referer\",\"cs_user_agent\",\"s_request_id\","
						+ "\"cs_operation\",\"cs_bucket\",\"cs_object\"\n" + csv : csv;
			}
			case VCOMMON -> host + ":443 " + line.substring(0, m.end(8));
			case TRAEFIKCLF -> line + " " + (number + 1) + " \"web@docker\" \"http://10.0.0.5:80\" " + micros / 1000 + "ms";
			case AWSALB -> String.join(" ", "https", ISO_MICROS.format(time), "app/my-loadbalancer/50dc6c495c0c9188",
					m.group(1) + ":" + (40_000 + number % 20_000), "10.0.0.1:80", "0.001", BigDecimal.valueOf(micros / 1000, 3).toPlainString(),
					"0.000", m.group(7), m.group(7), "120", size, "\"" + m.group(4) + " https://" + host + ":443" + m.group(5) + " " + m.group(6) + "\"",
					"\"" + m.group(10) + "\"", "ECDHE-RSA-AES128-GCM-SHA256", "TLSv1.2",
					"arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067",
					"\"Root=1-58337281-" + number + "\"", "\"" + host + "\"", "\"-\"", "0", ISO_MICROS.format(time), "\"forward\"", "\"-\"",
					"\"-\"", "\"10.0.0.1:80\"", "\"" + m.group(7) + "\"", "\"-\"", "\"-\"", "TID_" + number);
			case COMBINED -> line;
		};
	}

}

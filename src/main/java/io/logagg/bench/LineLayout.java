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
	TRAEFIK("traefik");

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

	/** {@code line}, the {@code number}th request, as this layout writes it. */
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
			case COMBINED -> line;
		};
	}

}

package io.logagg.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes realistic Combined Log Format lines, deterministically for a given seed: a pool of
 * clients, skewed paths with query strings, a status mix, referers and user agents, timestamps
 * that move forward with some out-of-order lines, and optionally a share of malformed lines.
 * Used for the sample logs, the tests and the benchmark. Not thread-safe.
 */
public final class AccessLogGenerator {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

	private static final String[] PATHS = { "/", "/index.html", "/favicon.ico", "/robots.txt", "/css/site.css",
			"/js/app.js", "/images/logo.png", "/api/v1/orders", "/api/v1/orders/42", "/api/v1/users", "/login",
			"/logout", "/search", "/blog/2026/11/exactly-once", "/blog/tags/redis", "/docs/getting-started",
			"/docs/configuration", "/downloads/logagg-0.1.0.tar.gz", "/health", "/metrics" };

	private static final String[] QUERIES = { "", "", "", "?q=redis", "?page=2", "?utm_source=newsletter&utm_medium=email",
			"?id=7&sort=desc" };

	private static final int[] STATUS = { 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 304, 304, 301,
			302, 404, 404, 206, 500, 503, 403 };

	private static final String[] METHODS = { "GET", "GET", "GET", "GET", "GET", "GET", "POST", "HEAD", "PUT" };

	private static final String[] AGENTS = {
			"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
			"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
			"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
			"curl/8.5.0", "Googlebot/2.1 (+http://www.google.com/bot.html)", "Prometheus/2.53.0" };

	private static final String[] REFERERS = { "-", "-", "https://www.example.org/", "https://search.example.com/?q=logagg",
			"https://news.example.net/item?id=1234" };

	private static final String[] MALFORMED = { "", "GET / HTTP/1.1", "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003",
			"10.0.0.1 - - [32/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 12",
			"10.0.0.1 - - [20/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 2x0 12",
			"error: upstream timed out (110: Connection timed out) while reading response header" };

	private final SplittableRandom random;

	private final double malformedShare;

	private ZonedDateTime time;

	/**
	 * @param seed the same seed gives the same lines
	 * @param start the time of the first line
	 * @param malformedShare share of malformed lines, 0 to 1
	 */
	public AccessLogGenerator(long seed, ZonedDateTime start, double malformedShare) {
		this.random = new SplittableRandom(seed);
		this.time = start.withZoneSameInstant(ZoneOffset.UTC);
		this.malformedShare = malformedShare;
	}

	/** The next line, without its {@code \n}. */
	public String nextLine() {
		this.time = this.time.plusNanos(this.random.nextLong(50_000_000L, 400_000_000L));
		if (this.random.nextDouble() < this.malformedShare) {
			String malformed = MALFORMED[this.random.nextInt(MALFORMED.length)];
			return malformed.isEmpty() ? "garbage " + this.random.nextInt(1000) : malformed;
		}
		ZonedDateTime at = (this.random.nextInt(50) == 0) ? this.time.minusSeconds(this.random.nextInt(1, 90)) : this.time;
		String path = PATHS[Math.min(PATHS.length - 1, (int) Math.abs(this.random.nextDouble() * this.random.nextDouble() * PATHS.length))];
		int status = STATUS[this.random.nextInt(STATUS.length)];
		String size = (status == 304 || this.random.nextInt(40) == 0) ? "-" : Integer.toString(this.random.nextInt(120, 250_000));
		String client = "10." + this.random.nextInt(4) + "." + this.random.nextInt(16) + "." + this.random.nextInt(1, 255);
		String user = (this.random.nextInt(20) == 0) ? "alice" : "-";
		return client + " - " + user + " [" + TIME.format(at.withZoneSameInstant(zone(at))) + "] \""
				+ METHODS[this.random.nextInt(METHODS.length)] + " " + path + QUERIES[this.random.nextInt(QUERIES.length)]
				+ " HTTP/1.1\" " + status + " " + size + " \"" + REFERERS[this.random.nextInt(REFERERS.length)] + "\" \""
				+ AGENTS[this.random.nextInt(AGENTS.length)] + "\"";
	}

	/** Most lines in UTC; some servers log in local time, which the parser must normalize. */
	private ZoneOffset zone(ZonedDateTime at) {
		return (at.getSecond() % 7 == 0) ? ZoneOffset.ofHours(-5) : ZoneOffset.UTC;
	}

	/** Writes {@code lines} lines, each ended by {@code \n}, to a new file. */
	public void write(Path file, long lines) throws IOException {
		write(file, lines, LineLayout.COMBINED);
	}

	/** Writes {@code lines} lines in {@code layout}, each ended by {@code \n}, to a new file. */
	public void write(Path file, long lines, LineLayout layout) throws IOException {
		try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
			for (long i = 0; i < lines; i++) {
				out.write(layout.rewrite(nextLine(), i).getBytes(StandardCharsets.ISO_8859_1));
				out.write('\n');
			}
		}
	}

}

package io.logagg.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.logagg.support.Await;
import io.logagg.support.CliRun;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real servers write real logs: Debian's nginx, Apache httpd and Caddy (which {@code .ci/run} installs) serve
 * two virtual hosts on loopback and log in the formats the README shows; curl sends GETs, HEADs,
 * POSTs, 404s and odd paths and user agents; logagg, with the server's own format string, counts
 * what curl saw, request for request and status for status.
 */
class RealServersTest {

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	private static final String NGINX_FORMAT = "$remote_addr - $remote_user [$time_local] \"$request\" $status "
			+ "$body_bytes_sent \"$http_referer\" \"$http_user_agent\" $request_time $host";

	private static final String APACHE_FORMAT = "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\" %D %v";

	@TempDir
	Path work;

	/** The requests, and the status each got. */
	private final Map<String, Long> statusSeen = new TreeMap<>();

	private int requests;

	private static Process start(Path log, Map<String, String> environment, String... command) throws IOException {
		for (String binary : List.of(command[0])) {
			if (!Files.isExecutable(Path.of(binary))) {
				throw new AssertionError(binary + " is not installed (.ci/run installs nginx-light and caddy)");
			}
		}
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().putAll(environment);
		return builder.start();
	}

	/** curl, as a client would send it; returns the status it saw. */
	private String curl(int port, String host, String... options) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time",
				"10", "-H", "Host: " + host));
		command.addAll(List.of(options));
		Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
		String status = new String(curl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
		curl.waitFor(20, TimeUnit.SECONDS);
		return status.replace("http://127.0.0.1:" + port, "");
	}

	private void request(int port, String host, String path, String... options) throws IOException, InterruptedException {
		List<String> all = new ArrayList<>(List.of(options));
		all.add("http://127.0.0.1:" + port + path);
		String status = curl(port, host, all.toArray(String[]::new));
		assertThat(status).as("curl got an answer to " + path).matches("[1-5]\\d\\d");
		this.statusSeen.merge(status, 1L, Long::sum);
		this.requests++;
	}

	/** The same mix of requests for every server. */
	private void sendRequests(int port) throws IOException, InterruptedException {
		for (int i = 0; i < 5; i++) {
			request(port, "a.example", "/index.html?i=" + i, "-A", "Mozilla/5.0 (X11; \"quoted\") ü");
		}
		request(port, "a.example", "/missing/page", "-e", "https://referer.example/x?y=1");
		request(port, "a.example", "/odd%20path/%22q%22?x=%22y%22");
		request(port, "a.example", "/index.html", "-I");
		request(port, "a.example", "/index.html", "-X", "POST", "-d", "a=b");
		request(port, "b.example", "/", "-A", "");
		request(port, "b.example", "/nothing-here.png");
		// A quote and a backslash, raw: nginx logs \x22 and \x5C, Apache \" and \\, Caddy's JSON \" and \\.
		request(port, "a.example", ODD_PATH, "--path-as-is");
	}

	/** A path each server escapes its own way in its log, and that must be one row whatever the server. */
	private static final String ODD_PATH = "/q\"u\\o";

	private void assertCounted(String source, Path logs, String format) {
		CliRun run = CliRun.of("run", "--input", logs.toString(), "--pattern", "access.log*", "--source", source,
				"--redis-url", redis.url(), "--data-dir", this.work.resolve("data").toString(), "--logagg.snapshot.mode=none",
				"--format", format);
		assertThat(run.code()).as(run.toString()).isZero();
		assertThat(run.out()).contains("lines=" + this.requests + " malformed=0");
		try (Jedis jedis = redis.jedis()) {
			Map<String, Long> status = new TreeMap<>();
			jedis.hgetAll("logagg:{" + source + "}:status").forEach((code, count) -> status.put(code, Long.parseLong(count)));
			assertThat(status).isEqualTo(this.statusSeen);
			assertThat(jedis.zscore("logagg:{" + source + "}:paths", ODD_PATH)).as("the path as the client sent it, unescaped")
				.isEqualTo(1.0);
		}
	}

	private Path site() throws IOException {
		Path www = Files.createDirectories(this.work.resolve("www"));
		Files.writeString(www.resolve("index.html"), "<h1>logagg</h1>\n");
		return www;
	}

	@Test
	void nginxLogsInItsOwnFormatAreCountedAsTheClientSawThem() throws Exception {
		int port = io.logagg.support.ServerPorts.free();
		Path logs = Files.createDirectories(this.work.resolve("nginx-logs"));
		Path www = site();
		Path config = this.work.resolve("nginx.conf");
		Files.writeString(config, ("root".equals(System.getProperty("user.name")) ? "user root;\n" : "") + "daemon off;\n"
				+ "pid " + this.work.resolve("nginx.pid") + ";\nerror_log " + this.work.resolve("nginx-error.log") + ";\n"
				+ "events {}\nhttp {\n" + "  client_body_temp_path " + this.work.resolve("body") + ";\n"
				+ "  log_format logagg '" + NGINX_FORMAT + "';\n" + "  access_log " + logs.resolve("access.log") + " logagg;\n"
				+ "  server { listen 127.0.0.1:" + port + "; server_name a.example; root " + www + "; }\n"
				+ "  server { listen 127.0.0.1:" + port + "; server_name b.example; location / { return 204; } }\n" + "}\n");
		Process nginx = start(this.work.resolve("nginx.out"), Map.of(), "/usr/sbin/nginx", "-c", config.toString(), "-e",
				this.work.resolve("nginx-error.log").toString());
		try {
			Await.until("nginx to answer", Duration.ofSeconds(30), () -> answers(port));
			this.statusSeen.clear();
			this.requests = 0;
			forgetTheProbe(logs.resolve("access.log"));
			sendRequests(port);
		}
		finally {
			nginx.destroy();
			nginx.waitFor(30, TimeUnit.SECONDS);
		}
		assertCounted("nginx", logs, "nginx:" + NGINX_FORMAT);
	}

	@Test
	void apacheLogsInItsOwnFormatAreCountedAsTheClientSawThem() throws Exception {
		int port = io.logagg.support.ServerPorts.free();
		Path logs = Files.createDirectories(this.work.resolve("apache-logs"));
		Path www = site();
		Path run = Files.createDirectories(this.work.resolve("apache-run"));
		Path config = this.work.resolve("httpd.conf");
		String modules = "/usr/lib/apache2/modules/";
		Files.writeString(config, "ServerRoot " + this.work + "\nServerName localhost\nListen 127.0.0.1:" + port + "\n"
				+ "PidFile " + run.resolve("httpd.pid") + "\nDefaultRuntimeDir " + run + "\nMutex file:" + run + " default\n"
				+ "ErrorLog " + this.work.resolve("apache-error.log") + "\n"
				+ "LoadModule mpm_event_module " + modules + "mod_mpm_event.so\n"
				+ "LoadModule authz_core_module " + modules + "mod_authz_core.so\n"
				+ "LoadModule alias_module " + modules + "mod_alias.so\n"
				+ "LogFormat \"" + APACHE_FORMAT.replace("\"", "\\\"") + "\" logagg\n"
				+ "CustomLog " + logs.resolve("access.log") + " logagg\n"
				+ "<Directory />\n  Require all granted\n</Directory>\n"
				+ "<VirtualHost 127.0.0.1:" + port + ">\n  ServerName a.example\n  DocumentRoot " + www + "\n</VirtualHost>\n"
				+ "<VirtualHost 127.0.0.1:" + port + ">\n  ServerName b.example\n  DocumentRoot " + www
				+ "\n  Redirect 301 /old /index.html\n</VirtualHost>\n");
		// -X: one process in the foreground, as a test needs; it stops with the test.
		Process apache = start(this.work.resolve("apache.out"), Map.of(), "/usr/sbin/apache2", "-X", "-f", config.toString());
		try {
			Await.until("apache to answer", Duration.ofSeconds(30), () -> answers(port));
			forgetTheProbe(logs.resolve("access.log"));
			sendRequests(port);
			request(port, "b.example", "/old");
		}
		finally {
			apache.destroy();
			apache.waitFor(30, TimeUnit.SECONDS);
		}
		assertCounted("apache", logs, "apache:" + APACHE_FORMAT);
	}

	@Test
	void caddysJsonLogsAreCountedAsTheClientSawThem() throws Exception {
		int port = io.logagg.support.ServerPorts.free();
		Path logs = Files.createDirectories(this.work.resolve("caddy-logs"));
		Path www = site();
		// Caddy's own JSON configuration: its access log to a file, probes (another host) not logged.
		Path config = this.work.resolve("caddy.json");
		Files.writeString(config, ("{\"admin\":{\"disabled\":true},\"logging\":{\"logs\":{"
				+ "\"default\":{\"exclude\":[\"http.log.access\"]},"
				+ "\"access\":{\"writer\":{\"output\":\"file\",\"filename\":\"LOG\"},\"encoder\":{\"format\":\"json\"},"
				+ "\"include\":[\"http.log.access\"]}}},"
				+ "\"apps\":{\"http\":{\"servers\":{\"s\":{\"listen\":[\"127.0.0.1:PORT\"],"
				+ "\"automatic_https\":{\"disable\":true},\"logs\":{\"skip_hosts\":[\"probe.invalid\"]},\"routes\":["
				+ "{\"match\":[{\"host\":[\"a.example\"]}],\"handle\":[{\"handler\":\"file_server\",\"root\":\"WWW\"}]},"
				+ "{\"match\":[{\"host\":[\"b.example\"]}],\"handle\":[{\"handler\":\"static_response\",\"status_code\":204}]}"
				+ "]}}}}}").replace("LOG", logs.resolve("access.log").toString())
			.replace("PORT", Integer.toString(port))
			.replace("WWW", www.toString()));
		Path home = Files.createDirectories(this.work.resolve("caddy-home"));
		Process caddy = start(this.work.resolve("caddy.out"),
				Map.of("HOME", home.toString(), "XDG_DATA_HOME", home.toString(), "XDG_CONFIG_HOME", home.toString()),
				"/usr/bin/caddy", "run", "--config", config.toString());
		try {
			Await.until("caddy to answer", Duration.ofSeconds(30), () -> answers(port));
			sendRequests(port);
		}
		finally {
			caddy.destroy();
			caddy.waitFor(30, TimeUnit.SECONDS);
		}
		assertCounted("caddy", logs, "caddy");
	}

	/**
	 * Empties the server's log once the probe's line is in it: a server writes a request's line
	 * after it has answered, so emptying it at once could leave the probe's line to come after.
	 */
	private static void forgetTheProbe(Path log) throws IOException {
		Await.until("the server to log the probe", Duration.ofSeconds(30), () -> log.toFile().length() > 0);
		Files.writeString(log, "");
	}

	private boolean answers(int port) {
		try {
			return curl(port, "probe.invalid", "http://127.0.0.1:" + port + "/").matches("[1-5]\\d\\d");
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}

package io.logagg.dashboard;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.logagg.support.Await;
import io.logagg.support.CliRun;
import io.logagg.support.LogaggProcess;
import io.logagg.support.RedisServerExtension;
import io.logagg.support.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard is safe by default: on loopback unless told otherwise; bound beyond it, not without
 * a token, which comes from the environment or a file, never the command line; every request
 * without it refused; TLS the Spring Boot way ({@code server.ssl.*}); no answer and no log line
 * holds the token.
 */
class DashboardAccessTest {

	private static final String TOKEN = "t0ken-that-must-not-leak";

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	@TempDir
	Path work;

	private String[] serve(String at, String... more) {
		List<String> args = new java.util.ArrayList<>(List.of("serve", at, "--redis-url", redis.url(), "--data-dir",
				this.work.resolve("data").toString()));
		args.addAll(List.of(more));
		return args.toArray(String[]::new);
	}

	@Test
	void beyondLoopbackWithoutATokenItIsRefused() {
		CliRun open = CliRun.of(serve("0.0.0.0:" + 18090));
		CliRun onCommandLine = CliRun.of(serve("0.0.0.0:" + 18090, "--logagg.dashboard.token=" + TOKEN));
		CliRun bad = CliRun.of(serve("localhost:http"));

		assertThat(open.code()).as(open.toString()).isEqualTo(2);
		assertThat(open.err()).contains("--serve 0.0.0.0:18090 reaches beyond this machine: set a token");
		assertThat(onCommandLine.code()).as(onCommandLine.toString()).isEqualTo(2);
		assertThat(onCommandLine.err()).contains("on the command line is visible to every user").doesNotContain(TOKEN);
		assertThat(bad.code()).isEqualTo(2);
		assertThat(bad.err()).contains("--serve takes [ADDRESS:]PORT");
	}

	@Test
	void withATokenEveryRequestMustCarryItOverTlsAndNoAnswerHoldsIt() throws Exception {
		TestCertificates certificates = TestCertificates.generate(this.work.resolve("tls"));
		int port = DashboardInBrowserTest.freePort();
		LogaggProcess serve = LogaggProcess.startInEnvironment(this.work,
				Map.of("LOGAGG_DASHBOARD_TOKEN", TOKEN, "PATH", System.getenv("PATH"), "HOME", this.work.toString()),
				serve("0.0.0.0:" + port, "--server.ssl.certificate=" + certificates.certificate(),
						"--server.ssl.certificate-private-key=" + certificates.key()));
		try {
			HttpClient http = HttpClient.newBuilder().sslContext(certificates.sslContext()).build();
			String base = "https://127.0.0.1:" + port;
			Await.until("serve to answer over TLS", Duration.ofSeconds(60), () -> {
				try {
					return get(http, base + "/", null).statusCode() == 401;
				}
				catch (IOException | InterruptedException ex) {
					if (!serve.isAlive()) {
						throw new AssertionError("serve exited: " + serve.err());
					}
					return false;
				}
			});
			String basic = "Basic " + Base64.getEncoder().encodeToString(("anyone:" + TOKEN).getBytes(StandardCharsets.UTF_8));
			String wrong = "Basic " + Base64.getEncoder().encodeToString("anyone:guess".getBytes(StandardCharsets.UTF_8));

			HttpResponse<String> refused = get(http, base + "/api/report", null);
			HttpResponse<String> guessed = get(http, base + "/api/report", wrong);
			HttpResponse<String> page = get(http, base + "/", basic);
			HttpResponse<String> report = get(http, base + "/api/report", "Bearer " + TOKEN);
			HttpResponse<String> sources = get(http, base + "/api/sources", basic);
			HttpResponse<String> badRange = get(http, base + "/api/report?since=yesterday", basic);

			assertThat(refused.statusCode()).isEqualTo(401);
			assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Basic"));
			assertThat(guessed.statusCode()).isEqualTo(401);
			assertThat(page.statusCode()).isEqualTo(200);
			assertThat(page.body()).contains("<script src=\"dashboard.js\" defer></script>").doesNotContain("<script>");
			assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(DashboardAccess.CONTENT_SECURITY_POLICY);
			assertThat(report.statusCode()).isEqualTo(200);
			assertThat(report.body()).startsWith("{\"source\":\"default\"");
			assertThat(sources.statusCode()).isEqualTo(200);
			assertThat(badRange.statusCode()).isEqualTo(400);
			assertThat(badRange.body()).contains("since takes a minute as yyyy-MM-ddTHH:mm");
			for (HttpResponse<String> answer : List.of(refused, guessed, page, report, sources, badRange)) {
				assertThat(answer.body()).doesNotContain(TOKEN);
				assertThat(answer.headers().map().toString()).doesNotContain(TOKEN);
			}
		}
		finally {
			serve.terminate();
			serve.waitFor(Duration.ofSeconds(30));
		}
		assertThat(serve.out() + serve.err()).doesNotContain(TOKEN);
	}

	private static HttpResponse<String> get(HttpClient http, String url, String authorization) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}

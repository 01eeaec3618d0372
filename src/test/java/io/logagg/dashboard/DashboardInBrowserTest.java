package io.logagg.dashboard;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.logagg.bench.AccessLogGenerator;
import io.logagg.support.Await;
import io.logagg.support.CliRun;
import io.logagg.support.LogaggProcess;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard of {@code schedule --serve} in a real headless Chromium, driven through Debian's
 * {@code chromium-driver} ({@code .ci/run} installs both): it follows the ticks' commits without a
 * reload, and its figures for a source and a range are those of {@code report --json} for the same
 * choice; no console error; screenshots under {@code target/}.
 */
class DashboardInBrowserTest {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	@TempDir
	Path work;

	private final List<AutoCloseable> open = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable closeable : this.open) {
			closeable.close();
		}
	}

	static WebDriver browser() {
		assertThat(CHROMIUM).as("chromium at /usr/bin/chromium (apt-get install chromium; .ci/run installs it)").isExecutable();
		assertThat(CHROMEDRIVER).as("chromedriver at /usr/bin/chromedriver (apt-get install chromium-driver; .ci/run installs it)")
			.isExecutable();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1100",
				"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");
		options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

	static int freePort() throws IOException {
		return io.logagg.support.ServerPorts.free();
	}

	/** {@code count} generated lines from {@code start} on, about four a second, in UTC. */
	private static List<String> lines(long seed, int count, ZonedDateTime start) {
		AccessLogGenerator generator = new AccessLogGenerator(seed, start, 0);
		List<String> lines = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			lines.add(generator.nextLine().replace(" -0500]", " +0000]"));
		}
		return lines;
	}

	private JsonNode report(String... args) {
		List<String> command = new ArrayList<>(List.of("report", "--json", "--top", "10", "--redis-url", redis.url(), "--data-dir",
				this.work.resolve("data").toString()));
		command.addAll(List.of(args));
		CliRun report = CliRun.of(command.toArray(String[]::new));
		assertThat(report.code()).as(report.toString()).isZero();
		return JsonMapper.builder().build().readTree(report.out());
	}

	private static long requests(JsonNode report) {
		long sum = 0;
		for (JsonNode count : report.get("minutes")) {
			sum += count.asLong();
		}
		return sum;
	}

	/**
	 * The text shown by the element, read in one step in the page: the page redraws its cards after
	 * each report, and an element found before a redraw is stale by the time it is read.
	 */
	private static String text(WebDriver driver, String css) {
		Object text = ((JavascriptExecutor) driver).executeScript(
				"const e = document.querySelector(arguments[0]); return e ? e.innerText : null;", css);
		return (text != null) ? text.toString() : "";
	}

	private void screenshot(WebDriver driver, String name) throws IOException {
		Files.createDirectories(Path.of("target"));
		Files.write(Path.of("target", name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
	}

	@Test
	void theServedDashboardFollowsEachTickAndShowsWhatReportJsonSaysForItsSourceAndRange() throws Exception {
		Path a = Files.createDirectories(this.work.resolve("a"));
		Path b = Files.createDirectories(this.work.resolve("b"));
		ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
		Files.write(a.resolve("access.log"), lines(1, 2000, now.minusMinutes(50)), StandardCharsets.ISO_8859_1);
		ZonedDateTime startB = now.minusMinutes(100);
		Files.write(b.resolve("access.log"), lines(2, 1200, startB), StandardCharsets.ISO_8859_1);
		CliRun runB = CliRun.of("run", "--input", b.toString(), "--source", "web-b", "--redis-url", redis.url(), "--data-dir",
				this.work.resolve("data").toString(), "--logagg.snapshot.mode=none");
		assertThat(runB.code()).as(runB.toString()).isZero();
		int port = freePort();
		LogaggProcess schedule = LogaggProcess.start(this.work, "schedule", "--cron", "*/2 * * * * *", "--input", a.toString(), "--source",
				"web-a", "--serve", Integer.toString(port), "--redis-url", redis.url(), "--data-dir", this.work.resolve("data").toString(),
				"--logagg.snapshot.mode=none");
		this.open.add(schedule::kill);
		String url = "http://127.0.0.1:" + port + "/";
		HttpClient http = HttpClient.newHttpClient();
		Await.until("the dashboard to answer and web-a's first tick", Duration.ofSeconds(60), () -> {
			try {
				return http.send(HttpRequest.newBuilder(URI.create(url + "api/report?source=web-a")).build(),
						HttpResponse.BodyHandlers.ofString()).body().contains("\"lines\":2000");
			}
			catch (IOException | InterruptedException ex) {
				return !schedule.isAlive() && fail(schedule);
			}
		});

		WebDriver driver = browser();
		this.open.add(driver::quit);
		driver.get(url + "?source=web-a");
		WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
		wait.until(d -> text(d, "#card-requests .value").equals("2,000"));
		Object loadedAt = ((JavascriptExecutor) driver).executeScript("return window.logaggLoadedAt");
		// For the record (docs/guide/dashboard.md), not a limit: timings belong to bench and docs.
		// The charts follow the cards and tables, once ECharts has loaded.
		wait.until(d -> ((JavascriptExecutor) d).executeScript("return window.logaggChartsDrawn") != null
				&& !d.findElements(By.cssSelector("#chart-requests canvas, #panel-paths canvas")).isEmpty());
		System.out.println("dashboard: first render " + ((JavascriptExecutor) driver).executeScript("return window.logaggFirstRender")
				+ " ms after navigation, charts " + ((JavascriptExecutor) driver).executeScript("return window.logaggChartsDrawn") + " ms");
		assertThat(driver.findElements(By.cssSelector("#panels section.panel"))).hasSizeGreaterThan(8);
		screenshot(driver, "dashboard-before-tick.png");

		Files.write(a.resolve("access.log"), lines(3, 500, ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(5)), StandardCharsets.ISO_8859_1, StandardOpenOption.APPEND);
		new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> text(d, "#card-requests .value").equals("2,500"));
		assertThat(((JavascriptExecutor) driver).executeScript("return window.logaggLoadedAt")).as("no reload").isEqualTo(loadedAt);
		assertThat(text(driver, "#updated")).contains("after a commit");
		screenshot(driver, "dashboard-after-tick.png");

		new Select(driver.findElement(By.id("source"))).selectByValue("web-b");
		long expectedB = requests(report("--source", "web-b", "--since", ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(1439).format(MINUTE)));
		wait.until(d -> text(d, "#card-requests .value").equals(String.format(Locale.ENGLISH, "%,d", expectedB)));

		String since = startB.plusMinutes(1).format(MINUTE);
		String until = startB.plusMinutes(2).format(MINUTE);
		new Select(driver.findElement(By.id("range"))).selectByValue("custom");
		((JavascriptExecutor) driver).executeScript("document.getElementById('since').value = arguments[0];"
				+ "document.getElementById('until').value = arguments[1];", since, until);
		driver.findElement(By.id("apply")).click();
		JsonNode custom = report("--source", "web-b", "--since", since, "--until", until);
		assertThat(requests(custom)).as("the custom range holds some of web-b's lines").isBetween(1L, 1199L);
		wait.until(d -> text(d, "#card-requests .value").equals(String.format(Locale.ENGLISH, "%,d", requests(custom))));
		String topPath = custom.get("panels").get("paths").get(0).get("value").asString();
		assertThat(text(driver, "#panel-paths tbody tr:first-child td:first-child")).isEqualTo(topPath);

		new Select(driver.findElement(By.id("source"))).selectByValue("*");
		JsonNode merged = report("--source", "*", "--since", since, "--until", until);
		wait.until(d -> text(d, "#card-sources .value").equals("2")
				&& text(d, "#card-requests .value").equals(String.format(Locale.ENGLISH, "%,d", requests(merged))));

		// A glob, merged as report --source merges it.
		new Select(driver.findElement(By.id("source"))).selectByValue("?glob");
		driver.findElement(By.id("glob")).sendKeys("web-[ab]");
		driver.findElement(By.id("glob-apply")).click();
		wait.until(d -> text(d, "#card-sources .value").equals("2")
				&& text(d, "#card-requests .value").equals(String.format(Locale.ENGLISH, "%,d", requests(merged))));
		assertThat(new Select(driver.findElement(By.id("source"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("web-[ab]");
		driver.findElement(By.id("theme")).click();
		screenshot(driver, "dashboard-dark-merged.png");

		// A phone's width: one column, nothing wider than the screen.
		driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
		wait.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
				"return document.documentElement.scrollWidth <= window.innerWidth + 1"));
		assertThat(((JavascriptExecutor) driver).executeScript("return [...document.querySelectorAll('body *')]"
				+ ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).map(e => e.tagName + '#' + e.id + '.' + e.className)"))
			.as("elements wider than a phone").asList().isEmpty();
		screenshot(driver, "dashboard-phone.png");

		List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
			.filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
			.toList();
		assertThat(errors).as("console errors").isEmpty();
	}

	/**
	 * What logs contain reaches the page served by {@code serve} as text: markup is shown, not
	 * run; bidirectional controls are shown escaped, as the terminal and HTML reports show them.
	 */
	@Test
	void whatLogsContainIsShownAsTextNeverRun() throws Exception {
		Path logs = Files.createDirectories(this.work.resolve("payloads"));
		String stamp = "[" + DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).format(ZonedDateTime.now(ZoneOffset.UTC))
				+ "]";
		List<String> payloads = List.of("/<img/src=x/onerror=window.pwned=1>", "/\u202egnp.exe", "/\"><script>window.pwned=2</script>",
				"/</td></tr></table><b/id=injected>x</b>");
		List<String> lines = new ArrayList<>();
		for (String path : payloads) {
			for (int i = 0; i < 3; i++) {
				lines.add("10.0.0." + (i + 1) + " - - " + stamp + " \"GET " + path.replace("\"", "\\\"") + " HTTP/1.1\" 404 12 "
						+ "\"javascript:window.pwned=3\" \"<svg onload=window.pwned=4>\"");
			}
		}
		Files.write(logs.resolve("access.log"), lines, StandardCharsets.UTF_8);
		CliRun run = CliRun.of("run", "--input", logs.toString(), "--source", "payloads", "--redis-url", redis.url(), "--data-dir",
				this.work.resolve("data").toString(), "--logagg.snapshot.mode=none");
		assertThat(run.code()).as(run.toString()).isZero();
		int port = freePort();
		LogaggProcess serve = LogaggProcess.start(this.work, "serve", Integer.toString(port), "--source", "payloads", "--redis-url",
				redis.url(), "--data-dir", this.work.resolve("data").toString());
		this.open.add(serve::kill);
		String url = "http://127.0.0.1:" + port + "/";
		HttpClient http = HttpClient.newHttpClient();
		Await.until("serve to answer", Duration.ofSeconds(60), () -> {
			try {
				return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
			}
			catch (IOException | InterruptedException ex) {
				return !serve.isAlive() && fail(serve);
			}
		});

		WebDriver driver = browser();
		this.open.add(driver::quit);
		driver.get(url);
		new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> !d.findElements(By.cssSelector("#panel-notFound tbody tr")).isEmpty());
		String shown = driver.findElement(By.id("panel-notFound")).getText();
		assertThat(shown).contains("/<img/src=x/onerror=window.pwned=1>", "/\\u202egnp.exe", "/\"><script>window.pwned=2</script>")
			.doesNotContain("\u202e");
		assertThat(driver.findElement(By.id("panel-agents")).getText()).contains("<svg onload=window.pwned=4>");
		assertThat(((JavascriptExecutor) driver).executeScript("return window.pwned === undefined")).isEqualTo(true);
		assertThat(driver.findElements(By.cssSelector("#panels img, #panels script, #panels svg[onload], #injected"))).isEmpty();
		screenshot(driver, "dashboard-payloads.png");
		List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
			.filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
			.toList();
		assertThat(errors).as("console errors").isEmpty();
	}

	private static boolean fail(LogaggProcess process) {
		throw new AssertionError("schedule --serve exited: " + process.err());
	}

}

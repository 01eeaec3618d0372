package io.logagg.report;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportRenderingTest {

	private static AggregateReport report(int minutes, String path) {
		Map<String, Long> perMinute = new TreeMap<>();
		java.time.LocalDateTime start = java.time.LocalDateTime.parse("2026-11-20T00:00");
		for (int i = 0; i < minutes; i++) {
			perMinute.put(start.plusMinutes(i).toString(), 1L + i % 7);
		}
		Map<String, Long> status = new LinkedHashMap<>();
		status.put("200", 90L);
		status.put("404", 10L);
		return new AggregateReport("web", 100, 3, 123_456, status, perMinute, List.of(new AggregateReport.PathCount(path, 60)));
	}

	private static final StatusReport STATUS = new StatusReport("web", "a.log", 42, 100, 3, "2026-11-20T00:00:00Z",
			List.of(new StatusReport.Execution(7, "COMPLETED", "COMPLETED", "BGSAVE done", "t0", "t1", "/in")));

	@Test
	void textReportFitsOneHundredColumns() {
		StringWriter text = new StringWriter();
		TextReport.print(report(90, "/" + "very-long-path/".repeat(20)), "a.log @ 42", new PrintWriter(text));
		assertThat(text.toString().lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(100));
		assertThat(text.toString()).contains("status", "top paths", "busiest minutes", "90.00%", "...");
	}

	@Test
	void htmlDrawsOneBarPerMinuteAndEscapesWhatLogsContain() {
		String html = HtmlReport.render(report(90, "/<script>alert(1)</script>"), STATUS);
		assertThat(html.split("class=\"minute-bar\"", -1)).hasSize(91);
		assertThat(html.split("class=\"status-bar\"", -1)).hasSize(3);
		assertThat(html).doesNotContain("<script>").contains("/&lt;script&gt;alert(1)&lt;/script&gt;");
		assertThat(html).doesNotContain("http://", "https://").contains("a.log @ 42", "BGSAVE done");
	}

	/** {@code /\u202egnp.exe} would show as {@code /exe.png}: bidirectional controls are shown, not obeyed. */
	@Test
	void bidirectionalControlsAreShownEscapedInTextAndHtml() {
		String path = "/\u202egnp.exe";
		StringWriter text = new StringWriter();
		TextReport.print(report(3, path), "a.log @ 42", new PrintWriter(text));
		assertThat(text.toString()).contains("/\\u202egnp.exe").doesNotContain("\u202e");
		assertThat(HtmlReport.render(report(3, path), STATUS)).contains("/\\u202egnp.exe").doesNotContain("\u202e");
	}

	@Test
	void htmlSumsLongSeriesIntoAtMostTheMaximumOfBars() {
		String html = HtmlReport.render(report(3000, "/"), STATUS);
		assertThat(html.split("class=\"minute-bar\"", -1).length - 1).isLessThanOrEqualTo(HtmlReport.MAX_BARS);
		assertThat(dataCounts(html)).isEqualTo(report(3000, "/").minutes().values().stream().mapToLong(Long::longValue).sum());
	}

	@Test
	void htmlShowsMinutesWithoutRequestsAsGaps() {
		Map<String, Long> twoMinutes = new TreeMap<>(Map.of("2026-11-20T00:00", 5L, "2026-11-20T00:09", 7L));
		AggregateReport sparse = new AggregateReport("web", 12, 0, 0, Map.of("200", 12L), twoMinutes, List.of());
		String html = HtmlReport.render(sparse, STATUS);
		assertThat(html.split("class=\"minute-bar\"", -1)).hasSize(11);
		assertThat(html).contains("data-count=\"0\"");
	}

	@Test
	void csvQuotesAsRfc4180AndDefusesWhatASpreadsheetWouldRun() {
		assertThat(CsvReport.field("/plain")).isEqualTo("/plain");
		assertThat(CsvReport.field("/a,b")).isEqualTo("\"/a,b\"");
		assertThat(CsvReport.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
		assertThat(CsvReport.field("two\r\nlines")).isEqualTo("\"two\r\nlines\"");
		assertThat(CsvReport.field("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
		assertThat(CsvReport.field("-1+2")).isEqualTo("'-1+2");
		assertThat(CsvReport.field("@SUM(A1)")).isEqualTo("'@SUM(A1)");
		assertThat(CsvReport.field("")).isEmpty();
	}

	/** The sum of the data-count attributes of the per-minute bars. */
	static long dataCounts(String html) {
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("class=\"minute-bar\" data-count=\"(\\d+)\"").matcher(html);
		long sum = 0;
		while (m.find()) {
			sum += Long.parseLong(m.group(1));
		}
		return sum;
	}

	@Test
	void sinceAndUntilCutOnlyThePerMinuteSeries() {
		AggregateReport cut = report(90, "/").between("2026-11-20T00:10", "2026-11-20T00:19");
		assertThat(cut.minutes()).hasSize(10).containsKey("2026-11-20T00:10").containsKey("2026-11-20T00:19");
		assertThat(cut.lines()).isEqualTo(100);
	}

}

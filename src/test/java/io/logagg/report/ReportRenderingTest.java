package io.logagg.report;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static String html(AggregateReport report) {
		return HtmlReport.render(report, JSON.writeValueAsString(report), STATUS);
	}

	/** The report inside the page, read back as a browser's JSON.parse would read it. */
	static JsonNode embedded(String html) {
		int start = html.indexOf("<script id=\"logagg-report\" type=\"application/json\">");
		int end = html.indexOf("</script>", start);
		return JSON.readTree(html.substring(html.indexOf('>', start) + 1, end));
	}

	/**
	 * The page holds the report as JSON that nothing logged can end: the same object, read back,
	 * and only the page's own four scripts; the checkpoint and executions escaped; no link out.
	 */
	@Test
	void htmlHoldsTheReportAsJsonThatNothingLoggedCanEnd() {
		AggregateReport report = report(90, "/</script><script>alert(1)</script><!--");
		String html = html(report);
		assertThat(html.split("<script", -1)).as("the page's scripts alone").hasSize(4);
		assertThat(html).doesNotContain("alert(1)</script>", "<!--\"").contains("a.log @ 42", "BGSAVE done");
		assertThat(embedded(html)).isEqualTo(JSON.readTree(JSON.writeValueAsString(report)));
		assertThat(embedded(html).get("topPaths").get(0).get("path").asString()).isEqualTo("/</script><script>alert(1)</script><!--");
	}

	/** {@code /\u202egnp.exe} would show as {@code /exe.png}: bidirectional controls are shown, not obeyed. */
	@Test
	void bidirectionalControlsAreShownEscapedInTextAndHtml() {
		String path = "/\u202egnp.exe";
		StringWriter text = new StringWriter();
		TextReport.print(report(3, path), "a.log @ 42", new PrintWriter(text));
		assertThat(text.toString()).contains("/\\u202egnp.exe").doesNotContain("\u202e");
		String html = html(report(3, path));
		assertThat(html).doesNotContain("\u202e");
		assertThat(embedded(html).get("topPaths").get(0).get("path").asString()).isEqualTo(path);
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

}

package io.logagg.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.logagg.read.PrintableName;

/**
 * One self-contained HTML page (inline CSS and SVG, no script, nothing fetched) with a source's
 * requests per minute, status codes, top paths, visitors, latency percentiles, errors per minute, a
 * section per panel ({@code id="panel-NAME"}), checkpoint and last job executions. The charts are
 * drawn here, as SVG, so the page opens anywhere, offline, and prints. Stateless.
 */
public final class HtmlReport {

	/** Most bars of the per-minute chart; longer series are summed into this many buckets. */
	static final int MAX_BARS = 240;

	private static final int CHART_WIDTH = 960;

	private static final int CHART_HEIGHT = 220;

	private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm");

	private HtmlReport() {
	}

	/**
	 * Writes the page to {@code file}: to a new file beside it, renamed over it, so that a symbolic
	 * link planted at that name (in {@code /tmp}, for a job run as root) is replaced, never followed
	 * to overwrite its target, and a reader never sees half a page. {@code status} is null for a
	 * report that merges several sources.
	 */
	public static void write(AggregateReport report, StatusReport status, Path file) throws IOException {
		Path absolute = file.toAbsolutePath();
		Path written = Files.createTempFile(absolute.getParent(), ".logagg-report-", ".html");
		try {
			Files.writeString(written, render(report, status), StandardCharsets.UTF_8);
			try {
				Files.setPosixFilePermissions(written, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
			}
			catch (UnsupportedOperationException ex) {
				// not a POSIX file system: its defaults stand
			}
			Files.move(written, absolute, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
					java.nio.file.StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			Files.deleteIfExists(written);
		}
	}

	public static String render(AggregateReport report, StatusReport status) {
		StringBuilder html = new StringBuilder(16_384);
		html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
			.append("<title>logagg report: ").append(escape(report.source())).append("</title>\n<style>")
			.append("body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}h1{font-size:22px}")
			.append("h2{font-size:17px;margin-top:28px}table{border-collapse:collapse}")
			.append("td,th{padding:3px 10px;border-bottom:1px solid #ddd;text-align:left}td.n{text-align:right}")
			.append(".cards span{display:inline-block;margin-right:28px}.cards b{font-size:20px;display:block}")
			.append(".minute-bar{fill:#3b6ea8}.error-bar{fill:#c0392b}.status-bar{fill:#e08a2c}svg text{font-size:11px;fill:#444}")
			.append("</style></head><body>\n");
		html.append("<h1>logagg report: source ").append(escape(report.source())).append("</h1>\n");
		if (report.merged()) {
			html.append("<p id=\"merged-sources\">").append(report.sources().size()).append(" sources merged: ")
				.append(escape(String.join(", ", report.sources()))).append("</p>\n");
		}
		html.append("<div class=\"cards\">")
			.append(card("lines", String.format(Locale.ROOT, "%,d", report.lines())))
			.append(card("malformed", String.format(Locale.ROOT, "%,d", report.malformed())))
			.append(card("bytes", String.format(Locale.ROOT, "%,.1f MB", report.bytes() / 1e6)))
			.append(card("minutes", String.format(Locale.ROOT, "%,d", report.minutes().size())))
			.append("</div>\n");
		html.append("<h2>Requests per minute (" + escape(report.timeZone()) + ")</h2>\n").append(minuteChart("minutes", "minute-bar", report.minutes()));
		html.append("<h2>Status codes</h2>\n").append(statusChart(report.status(), report.lines()));
		daily(report, html);
		html.append("<h2>Top paths</h2>\n<table id=\"top-paths\"><tr><th>path</th><th>requests</th></tr>");
		for (AggregateReport.PathCount path : report.topPaths()) {
			html.append("<tr><td>").append(escape(path.path())).append("</td><td class=\"n\">")
				.append(String.format(Locale.ROOT, "%,d", path.count())).append("</td></tr>");
		}
		html.append("</table>\n");
		if (status != null) {
			checkpointAndExecutions(status, html);
		}
		html.append("<p><small>generated ").append(Instant.now()).append(" by logagg</small></p>\n</body></html>\n");
		return html.toString();
	}

	/** Visitors, latency, errors per minute, the days and a section per panel. */
	private static void daily(AggregateReport report, StringBuilder html) {
		if (report.panelDays().isEmpty()) {
			return;
		}
		List<String> days = report.panelDays();
		html.append("<p id=\"panel-days\">Panels and visitors cover ").append(days.size()).append(" day(s) (").append(escape(report.timeZone())).append("), ")
			.append(escape(days.get(0))).append(" to ").append(escape(days.get(days.size() - 1))).append(".</p>\n");
		html.append("<section id=\"panel-visitors\"><h2>Unique visitors</h2>\n<div class=\"cards\">")
			.append(card("visitors", String.format(Locale.ROOT, "%,d", report.visitors())))
			.append("</div>\n<table><tr><th>day</th><th>lines</th><th>bytes</th><th>visitors</th></tr>");
		for (DailyAggregates.DayRow day : report.days()) {
			html.append("<tr><td>").append(escape(day.day())).append("</td>").append(number(day.lines()))
				.append("<td class=\"n\">").append(String.format(Locale.ROOT, "%,.1f MB", day.bytes() / 1e6)).append("</td>")
				.append(number(day.visitors())).append("</tr>");
		}
		html.append("</table></section>\n");
		DailyAggregates.Latency latency = report.latency();
		if (latency != null) {
			html.append("<section id=\"panel-latency\"><h2>Latency</h2>\n<div class=\"cards\">")
				.append(card("requests", String.format(Locale.ROOT, "%,d", latency.count())))
				.append(card("p50", millis(latency.p50()))).append(card("p90", millis(latency.p90())))
				.append(card("p95", millis(latency.p95()))).append(card("p99", millis(latency.p99())))
				.append(card("max", millis(latency.max()))).append("</div>\n").append(latencyChart(report))
				.append("</section>\n");
		}
		Map<String, Long> clientErrors = new TreeMap<>();
		Map<String, Long> serverErrors = new TreeMap<>();
		report.errors().forEach((minute, errors) -> {
			clientErrors.put(minute, errors.clientErrors());
			serverErrors.put(minute, errors.serverErrors());
		});
		html.append("<section id=\"panel-errors\"><h2>Errors per minute (" + escape(report.timeZone()) + "): 4xx</h2>\n")
			.append(minuteChart("errors-4xx", "error-bar", clientErrors))
			.append("<h2>Errors per minute (" + escape(report.timeZone()) + "): 5xx</h2>\n").append(minuteChart("errors-5xx", "error-bar", serverErrors))
			.append("</section>\n");
		report.panels().forEach((panel, rows) -> {
			html.append("<section id=\"panel-").append(escape(panel)).append("\"><h2>").append(escape(panel))
				.append("</h2>\n<table><tr><th>value</th><th>requests</th><th>bytes</th></tr>");
			for (DailyAggregates.PanelRow row : rows) {
				html.append("<tr><td>").append(escape(row.value())).append("</td>").append(number(row.count()))
					.append("<td class=\"n\">").append((row.p95() != null) ? "p95 " + millis(row.p95())
						: (row.bytes() != null) ? String.format(Locale.ROOT, "%,.1f MB", row.bytes() / 1e6) : "")
					.append("</td></tr>");
			}
			html.append("</table></section>\n");
		});
	}

	/** p50, p95 and p99 per minute for a range of a day or two, otherwise per day, as three polylines. */
	private static String latencyChart(AggregateReport report) {
		Map<String, DailyAggregates.Latency> points = new TreeMap<>(report.latencyMinutes());
		String unit = "minute";
		if (points.isEmpty()) {
			report.days().stream().filter(day -> day.latency() != null).forEach(day -> points.put(day.day(), day.latency()));
			unit = "day";
		}
		if (points.isEmpty()) {
			return "";
		}
		List<String> labels = new ArrayList<>(points.keySet());
		double max = points.values().stream().mapToDouble(DailyAggregates.Latency::p99).max().orElse(1);
		StringBuilder svg = new StringBuilder();
		svg.append("<svg id=\"latency\" width=\"").append(CHART_WIDTH).append("\" height=\"").append(CHART_HEIGHT + 20)
			.append("\" role=\"img\" aria-label=\"latency percentiles per ").append(unit).append("\">");
		String[] names = { "p50", "p95", "p99" };
		String[] colours = { "#3b6ea8", "#e08a2c", "#c0392b" };
		for (int line = 0; line < names.length; line++) {
			StringBuilder polyline = new StringBuilder();
			for (int i = 0; i < labels.size(); i++) {
				DailyAggregates.Latency latency = points.get(labels.get(i));
				double value = (line == 0) ? latency.p50() : (line == 1) ? latency.p95() : latency.p99();
				double x = (labels.size() == 1) ? CHART_WIDTH / 2.0 : (double) (CHART_WIDTH - 20) * i / (labels.size() - 1) + 10;
				double y = CHART_HEIGHT - (CHART_HEIGHT - 10) * value / Math.max(max, 0.001);
				polyline.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
				if (labels.size() <= 60) {
					svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s %s: %s</title></circle>",
							x, y, colours[line], escape(labels.get(i)), names[line], millis(value)));
				}
			}
			svg.append("<polyline class=\"latency-").append(names[line]).append("\" fill=\"none\" stroke=\"").append(colours[line])
				.append("\" stroke-width=\"1.5\" points=\"").append(polyline.toString().strip()).append("\"/>");
			svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>", 10 + line * 50, CHART_HEIGHT + 16,
					colours[line], names[line]));
		}
		svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">per %s, %s to %s</text>", CHART_WIDTH,
				CHART_HEIGHT + 16, unit, escape(labels.get(0)), escape(labels.get(labels.size() - 1))));
		svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"12\" text-anchor=\"end\">max p99 %s</text>", CHART_WIDTH, millis(max)));
		return svg.append("</svg>\n").toString();
	}

	private static String number(long value) {
		return String.format(Locale.ROOT, "<td class=\"n\">%,d</td>", value);
	}

	private static String millis(double millis) {
		return String.format(Locale.ROOT, "%.1f ms", millis);
	}

	private static String card(String label, String value) {
		return "<span>" + label + "<b>" + escape(value) + "</b></span>";
	}

	/**
	 * Bars over the whole time span, minutes without requests included, so that gaps show: one bar
	 * per minute, or per bucket of consecutive minutes when the span is longer than
	 * {@link #MAX_BARS} minutes.
	 */
	private static String minuteChart(String id, String barClass, Map<String, Long> minutes) {
		if (minutes.isEmpty()) {
			return "<p id=\"" + id + "\">none in this period</p>\n";
		}
		List<String> keys = new ArrayList<>(minutes.keySet());
		LocalDateTime first = LocalDateTime.parse(keys.get(0));
		LocalDateTime last = LocalDateTime.parse(keys.get(keys.size() - 1));
		long span = ChronoUnit.MINUTES.between(first, last) + 1;
		long perBar = (span + MAX_BARS - 1) / MAX_BARS;
		int bars = (int) ((span + perBar - 1) / perBar);
		long[] counts = new long[bars];
		minutes.forEach((minute, count) -> counts[(int) (ChronoUnit.MINUTES.between(first, LocalDateTime.parse(minute)) / perBar)] += count);
		long max = Math.max(1, java.util.Arrays.stream(counts).max().orElse(1));
		double width = (double) CHART_WIDTH / bars;
		StringBuilder svg = new StringBuilder();
		svg.append("<svg id=\"").append(id).append("\" width=\"").append(CHART_WIDTH).append("\" height=\"").append(CHART_HEIGHT + 20)
			.append("\" role=\"img\" aria-label=\"requests per minute\">");
		for (int i = 0; i < bars; i++) {
			double height = (counts[i] > 0) ? Math.max(1, (double) CHART_HEIGHT * counts[i] / max) : 0;
			LocalDateTime from = first.plusMinutes(i * perBar);
			String label = (perBar == 1) ? MINUTE.format(from) : MINUTE.format(from) + " +" + perBar + " min";
			svg.append(String.format(Locale.ROOT,
					"<rect class=\"" + barClass + "\" data-count=\"%d\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"><title>%s: %,d</title></rect>",
					counts[i], i * width, CHART_HEIGHT - height, Math.max(0.5, width - 1), height, escape(label), counts[i]));
		}
		svg.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\">%s</text>", CHART_HEIGHT + 14, escape(keys.get(0))));
		svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", CHART_WIDTH,
				CHART_HEIGHT + 14, escape(keys.get(keys.size() - 1))));
		svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"12\" text-anchor=\"end\">max %,d%s</text>", CHART_WIDTH, max,
				(perBar == 1) ? " per minute" : " per " + perBar + " minutes"));
		return svg.append("</svg>\n").toString();
	}

	private static void checkpointAndExecutions(StatusReport status, StringBuilder html) {
		html.append("<h2>Checkpoint</h2>\n<p id=\"checkpoint\">");
		html.append((status.file() != null) ? escape(status.file()) + " @ " + status.offset() + ", updated "
				+ escape(String.valueOf(status.updated())) : "none: nothing read yet");
		html.append("</p>\n<h2>Last job executions</h2>\n<table id=\"executions\">")
			.append("<tr><th>#</th><th>status</th><th>start</th><th>end</th><th>description</th></tr>");
		for (StatusReport.Execution execution : status.executions()) {
			html.append("<tr><td>").append(execution.id()).append("</td><td>").append(escape(execution.status()))
				.append("</td><td>").append(escape(String.valueOf(execution.start()))).append("</td><td>")
				.append(escape(String.valueOf(execution.end()))).append("</td><td>")
				.append(escape(execution.exitDescription())).append("</td></tr>");
		}
		html.append("</table>\n");
	}

	private static String statusChart(Map<String, Long> status, long lines) {
		if (status.isEmpty()) {
			return "<p>no requests</p>\n";
		}
		long max = status.values().stream().mapToLong(Long::longValue).max().orElse(1);
		int rowHeight = 22;
		StringBuilder svg = new StringBuilder();
		svg.append("<svg id=\"status\" width=\"").append(CHART_WIDTH).append("\" height=\"").append(status.size() * rowHeight)
			.append("\" role=\"img\" aria-label=\"status codes\">");
		int row = 0;
		for (Map.Entry<String, Long> entry : status.entrySet()) {
			double width = Math.max(1, 700.0 * entry.getValue() / max);
			int y = row * rowHeight;
			svg.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\">%s</text>", y + 15, escape(entry.getKey())));
			svg.append(String.format(Locale.ROOT,
					"<rect class=\"status-bar\" data-status=\"%s\" data-count=\"%d\" x=\"40\" y=\"%d\" width=\"%.1f\" height=\"%d\"/>",
					escape(entry.getKey()), entry.getValue(), y + 3, width, rowHeight - 6));
			svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%,d (%.1f%%)</text>", 46 + width, y + 15,
					entry.getValue(), (lines > 0) ? 100.0 * entry.getValue() / lines : 0.0));
			row++;
		}
		return svg.append("</svg>\n").toString();
	}

	static String escape(String text) {
		if (text == null) {
			return "";
		}
		StringBuilder escaped = new StringBuilder(text.length() + 16);
		text.codePoints().forEach(c -> {
			switch (c) {
				case '<' -> escaped.append("&lt;");
				case '>' -> escaped.append("&gt;");
				case '&' -> escaped.append("&amp;");
				case '"' -> escaped.append("&quot;");
				case '\'' -> escaped.append("&#39;");
				default -> {
					if (Character.isISOControl(c)) {
						escaped.append("&#xFFFD;");
					}
					else if (PrintableName.isBidiControl(c)) {
						// Shown, not obeyed: a cell must read as the path it holds.
						escaped.append(String.format("\\u%04x", c));
					}
					else {
						escaped.appendCodePoint(c);
					}
				}
			}
		});
		return escaped.toString();
	}

}

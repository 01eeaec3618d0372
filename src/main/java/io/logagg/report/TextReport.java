package io.logagg.report;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.logagg.aggregate.SlowPathsAggregate;
import io.logagg.read.PrintableName;

/**
 * The terminal form of a report: totals, status codes with their share, top paths and the
 * busiest minutes, in tables that fit 100 columns. Stateless.
 */
public final class TextReport {

	/** Widest line printed. */
	public static final int WIDTH = 100;

	private static final int BUSIEST_MINUTES = 5;

	private static final int BAR = 30;

	private TextReport() {
	}

	/**
	 * @param report the aggregates
	 * @param checkpoint {@code file @ offset}, or null if the source has none (or the report merges several)
	 * @param out where to print
	 */
	public static void print(AggregateReport report, String checkpoint, PrintWriter out) {
		if (report.merged()) {
			out.println(fit("logagg report of " + report.sources().size() + " sources merged (" + report.source() + "): "
					+ String.join(", ", report.sources())));
		}
		else {
			out.println(fit("logagg report of source " + report.source() + ", checkpoint "
					+ ((checkpoint != null) ? checkpoint : "none")));
		}
		long all = report.lines() + report.malformed();
		out.printf(Locale.ROOT, "lines %,d   malformed %,d (%s)   bytes %s%n", report.lines(), report.malformed(),
				share(report.malformed(), all), megabytes(report.bytes()));
		if (!report.filtered().isEmpty()) {
			StringBuilder left = new StringBuilder("left out by filters:");
			report.filtered().forEach((filter, count) -> left.append(String.format(Locale.ROOT, "  %s %,d", filter, count)));
			out.println(left);
		}
		if (!report.minutes().isEmpty()) {
			List<String> minutes = List.copyOf(report.minutes().keySet());
			out.printf(Locale.ROOT, "minutes %,d, from %s to %s (%s)%n", minutes.size(), minutes.get(0),
					minutes.get(minutes.size() - 1), report.timeZone());
		}
		out.println();
		out.printf(Locale.ROOT, "%-8s %14s %8s%n", "status", "lines", "share");
		long top = report.status().values().stream().mapToLong(Long::longValue).max().orElse(1);
		for (Map.Entry<String, Long> entry : report.status().entrySet()) {
			out.printf(Locale.ROOT, "%-8s %,14d %8s  %s%n", entry.getKey(), entry.getValue(),
					share(entry.getValue(), report.lines()), bar(entry.getValue(), top));
		}
		out.println();
		out.printf(Locale.ROOT, "%-74s %14s %8s%n", "top paths", "requests", "share");
		for (AggregateReport.PathCount path : report.topPaths()) {
			out.printf(Locale.ROOT, "%-74s %,14d %8s%n", ellipsize(path.path(), 74), path.count(),
					share(path.count(), report.lines()));
		}
		if (!report.minutes().isEmpty()) {
			out.println();
			out.printf(Locale.ROOT, "%-18s %14s%n", "busiest minutes", "requests");
			List<Map.Entry<String, Long>> busiest = report.minutes()
				.entrySet()
				.stream()
				.sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
					.thenComparing(Map.Entry.comparingByKey()))
				.limit(BUSIEST_MINUTES)
				.toList();
			long most = busiest.get(0).getValue();
			for (Map.Entry<String, Long> minute : busiest) {
				out.printf(Locale.ROOT, "%-18s %,14d  %s%n", minute.getKey(), minute.getValue(), bar(minute.getValue(), most));
			}
		}
		printDaily(report, out);
		out.flush();
	}

	/** Visitors, latency, the days and every panel, over the days the range touches. */
	private static void printDaily(AggregateReport report, PrintWriter out) {
		if (report.panelDays().isEmpty()) {
			return;
		}
		List<String> days = report.panelDays();
		out.println();
		out.println(fit("panels and visitors over " + days.size() + " day(s) (" + report.timeZone() + "), " + days.get(0) + " to " + days.get(days.size() - 1)));
		out.printf(Locale.ROOT, "visitors %,d (client, day and user agent)%n", report.visitors());
		DailyAggregates.Latency latency = report.latency();
		if (latency != null) {
			out.printf(Locale.ROOT, "latency over %,d requests: p50 %s  p90 %s  p95 %s  p99 %s  max %s%n", latency.count(),
					millis(latency.p50()), millis(latency.p90()), millis(latency.p95()), millis(latency.p99()), millis(latency.max()));
		}
		out.println();
		out.printf(Locale.ROOT, "%-12s %14s %14s %14s%n", "day", "lines", "bytes", "visitors");
		for (DailyAggregates.DayRow day : report.days()) {
			out.printf(Locale.ROOT, "%-12s %,14d %14s %,14d%n", day.day(), day.lines(), megabytes(day.bytes()), day.visitors());
		}
		report.panels().forEach((panel, rows) -> {
			out.println();
			boolean slow = panel.equals(SlowPathsAggregate.PANEL);
			// Rows timed by their timed panel (pathsTime...) show their mean and p95 after their bytes.
			boolean timed = rows.stream().anyMatch(row -> row.mean() != null);
			out.printf(Locale.ROOT, "%-60s %14s %8s %14s%s%n", panel, "requests", "share", slow ? "p95" : "bytes",
					timed ? String.format(Locale.ROOT, " %12s %12s", "mean", "p95") : "");
			for (DailyAggregates.PanelRow row : rows) {
				out.printf(Locale.ROOT, "%-60s %,14d %8s %14s%s%n", ellipsize(row.value(), 60), row.count(), share(row.count(), report.lines()),
						slow ? millis(row.p95()) : (row.bytes() != null) ? megabytes(row.bytes()) : "",
						timed ? String.format(Locale.ROOT, " %12s %12s", (row.mean() != null) ? millis(row.mean()) : "",
								(row.p95() != null) ? millis(row.p95()) : "") : "");
			}
		});
	}

	private static String millis(double millis) {
		return String.format(Locale.ROOT, "%.1f ms", millis);
	}

	private static String share(long part, long whole) {
		return (whole > 0) ? String.format(Locale.ROOT, "%.2f%%", 100.0 * part / whole) : "-";
	}

	private static String megabytes(long bytes) {
		return String.format(Locale.ROOT, "%,.1f MB", bytes / 1e6);
	}

	private static String bar(long value, long max) {
		return "#".repeat((int) Math.max(value > 0 ? 1 : 0, Math.round((double) BAR * value / Math.max(1, max))));
	}

	private static String fit(String line) {
		return ellipsize(line, WIDTH);
	}

	/** Cuts text to a width, marking the cut, and makes control and bidirectional characters visible. */
	static String ellipsize(String text, int width) {
		StringBuilder visible = new StringBuilder(text.length());
		text.codePoints()
			.forEach(c -> visible.append(Character.isISOControl(c) ? "?"
					: PrintableName.isBidiControl(c) ? String.format("\\u%04x", c) : Character.toString(c)));
		String shown = visible.toString();
		return (shown.length() <= width) ? shown : shown.substring(0, width - 3) + "...";
	}

}

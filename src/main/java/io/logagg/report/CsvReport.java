package io.logagg.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report --csv}: the panels as rows, GoAccess's {@code -o csv} in spirit, RFC 4180 in form
 * (a header, comma separated, CRLF line ends, a field quoted when it holds a comma, a quote or a
 * line break, its quotes doubled). Columns: {@code panel, rank, value, requests, share, bytes,
 * p95_ms}; the share is of the requests of the days the panels cover. Rows: every panel, then
 * {@code days} and {@code status}. Log values are whatever clients sent: one that a spreadsheet would
 * run as a formula (it starts with {@code = + - @}, a tab or a carriage return) gets a leading
 * {@code '}, as OWASP advises, so that opening the file runs nothing.
 */
public final class CsvReport {

	static final String HEADER = "panel,rank,value,requests,share,bytes,p95_ms,mean_ms";

	private CsvReport() {
	}

	public static String render(AggregateReport report) {
		StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
		long requests = report.days().stream().mapToLong(DailyAggregates.DayRow::lines).sum();
		report.panels().forEach((panel, rows) -> {
			for (int i = 0; i < rows.size(); i++) {
				DailyAggregates.PanelRow row = rows.get(i);
				row(csv, panel, i + 1, row.value(), row.count(), share(row.count(), requests), row.bytes(), row.p95(), row.mean());
			}
		});
		List<DailyAggregates.DayRow> days = report.days();
		for (int i = 0; i < days.size(); i++) {
			DailyAggregates.DayRow day = days.get(i);
			row(csv, "days", i + 1, day.day(), day.lines(), share(day.lines(), requests), day.bytes(), null, null);
		}
		long all = report.status().values().stream().mapToLong(Long::longValue).sum();
		int rank = 1;
		for (Map.Entry<String, Long> status : report.status().entrySet()) {
			row(csv, "status", rank++, status.getKey(), status.getValue(), share(status.getValue(), all), null, null, null);
		}
		return csv.toString();
	}

	private static void row(StringBuilder csv, String panel, int rank, String value, long requests, String share, Long bytes,
			Double p95, Double mean) {
		csv.append(field(panel)).append(',').append(rank).append(',').append(field(value)).append(',').append(requests)
			.append(',').append(share).append(',').append((bytes != null) ? bytes.toString() : "").append(',')
			.append((p95 != null) ? String.format(Locale.ROOT, "%.3f", p95) : "").append(',')
			.append((mean != null) ? String.format(Locale.ROOT, "%.3f", mean) : "").append("\r\n");
	}

	private static String share(long count, long total) {
		return (total > 0) ? String.format(Locale.ROOT, "%.2f", 100.0 * count / total) : "";
	}

	/** A field as RFC 4180 writes it, defused for spreadsheets. */
	static String field(String value) {
		String text = value;
		if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
			text = "'" + text;
		}
		if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
			return '"' + text.replace("\"", "\"\"") + '"';
		}
		return text;
	}

}

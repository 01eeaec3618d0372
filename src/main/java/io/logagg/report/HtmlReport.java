package io.logagg.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import io.logagg.read.PrintableName;

/**
 * {@code report --html}: the dashboard's own page with the report inside, one file readable
 * offline: its style, ECharts and script inline, the report as {@code report --json} prints it in
 * a {@code <script type="application/json">} that nothing logged can end (every {@code <},
 * {@code >}, {@code &} and bidirectional control in it written as a JSON escape). The page draws
 * it as the served dashboard draws {@code /api/report}, without pickers; the checkpoint and the
 * last job executions follow, written here, escaped.
 */
public final class HtmlReport {

	private static final String DASHBOARD = "/dashboard/";

	private static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

	private HtmlReport() {
	}

	/**
	 * Writes the page to {@code file}: to a new file beside it, renamed over it, so that a symbolic
	 * link planted at that name (in {@code /tmp}, for a job run as root) is replaced, never followed
	 * to overwrite its target, and a reader never sees half a page. {@code status} is null for a
	 * report that merges several sources.
	 *
	 * @param json the report as {@code report --json} prints it
	 */
	public static void write(AggregateReport report, String json, StatusReport status, Path file) throws IOException {
		Path absolute = file.toAbsolutePath();
		Path written = Files.createTempFile(absolute.getParent(), ".logagg-report-", ".html");
		try {
			Files.writeString(written, render(report, json, status), StandardCharsets.UTF_8);
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

	/**
	 * The page.
	 *
	 * @param json the report as {@code report --json} prints it
	 */
	public static String render(AggregateReport report, String json, StatusReport status) {
		String page = resource(DASHBOARD + "index.html");
		String body = page.substring(page.indexOf("<body>") + "<body>".length(), page.indexOf("</body>"));
		StringBuilder html = new StringBuilder(1 << 20);
		html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
			.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
			.append("<title>logagg report: ").append(escape(report.source())).append("</title>\n<style>\n")
			.append(resource(DASHBOARD + "dashboard.css"))
			.append("</style>\n<script>\n").append(resource(ECHARTS)).append("\n</script>\n")
			.append("<script id=\"logagg-report\" type=\"application/json\">").append(inert(json)).append("</script>\n")
			.append("<script>\n").append(resource(DASHBOARD + "dashboard.js")).append("\n</script>\n</head>\n<body class=\"offline\">\n");
		html.append(body);
		html.append("<section class=\"offline-notes\">\n");
		if (report.merged()) {
			html.append("<p id=\"merged-sources\">").append(report.sources().size()).append(" sources merged: ")
				.append(escape(String.join(", ", report.sources()))).append("</p>\n");
		}
		if (status != null) {
			checkpointAndExecutions(status, html);
		}
		html.append("<p><small>generated ").append(Instant.now()).append(" by logagg</small></p>\n</section>\n</body>\n</html>\n");
		return html.toString();
	}

	/**
	 * JSON that no HTML parser ends early and no reader misreads: {@code <}, {@code >}, {@code &},
	 * the line and paragraph separators and bidirectional controls as {@code \\uXXXX}, which JSON
	 * reads back as the same characters.
	 */
	static String inert(String json) {
		StringBuilder out = new StringBuilder(json.length() + 64);
		json.codePoints().forEach(c -> {
			if (c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029 || PrintableName.isBidiControl(c)) {
				out.append(String.format("\\u%04x", c));
			}
			else {
				out.appendCodePoint(c);
			}
		});
		return out.toString();
	}

	private static String resource(String name) {
		try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalStateException("the jar lacks " + name);
			}
			String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			if (name.endsWith(".js") && text.toLowerCase(java.util.Locale.ROOT).contains("</script")) {
				throw new IllegalStateException(name + " holds </script, which would end it inside the page");
			}
			return text;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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

package io.logagg.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The aggregates of some log lines, counted the slow, obvious way (a regular expression and
 * java.time) independently of the production parser, to check the job's totals against.
 *
 * @param lines well-formed lines
 * @param malformed malformed lines
 * @param bytes response bytes
 * @param status count per status code
 * @param minutes count per UTC minute
 * @param paths count per path
 */
public record IndependentCount(long lines, long malformed, long bytes, Map<String, Long> status,
		Map<String, Long> minutes, Map<String, Long> paths) {

	/**
	 * The request is matched as an unrolled loop with possessive quantifiers: an alternation
	 * repeated per character recurses per character, and overflowed the stack on 60 KB requests.
	 */
	private static final Pattern LINE = Pattern.compile(
			"([^ ]+) ([^ ]+) ([^ ]+) \\[([^\\]]{26})\\] \"([^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+)\" (\\d{3}) (\\d+|-)(?: .*)?",
			Pattern.DOTALL);

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

	private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

	public static final int DEFAULT_MAX_LINE_BYTES = 65536;

	/** Counts every complete ({@code \n}-terminated) line of the files, in order. */
	public static IndependentCount ofFiles(List<Path> files) throws IOException {
		List<byte[]> lines = new ArrayList<>();
		for (Path file : files) {
			lines.addAll(completeLines(Files.readAllBytes(file)));
		}
		return of(lines, DEFAULT_MAX_LINE_BYTES);
	}

	/** The {@code \n}-terminated lines of some bytes, terminators removed; an unterminated tail is left out. */
	public static List<byte[]> completeLines(byte[] content) {
		List<byte[]> lines = new ArrayList<>();
		int start = 0;
		for (int i = 0; i < content.length; i++) {
			if (content[i] == '\n') {
				lines.add(java.util.Arrays.copyOfRange(content, start, i));
				start = i + 1;
			}
		}
		return lines;
	}

	public static IndependentCount of(List<byte[]> rawLines, int maxLineBytes) {
		long lines = 0;
		long malformed = 0;
		long bytes = 0;
		Map<String, Long> status = new TreeMap<>();
		Map<String, Long> minutes = new TreeMap<>();
		Map<String, Long> paths = new TreeMap<>();
		for (byte[] raw : rawLines) {
			String line = new String(raw, StandardCharsets.ISO_8859_1);
			if (line.endsWith("\r")) {
				line = line.substring(0, line.length() - 1);
			}
			if (line.isEmpty()) {
				continue;
			}
			Matcher m = LINE.matcher(line);
			ZonedDateTime time = null;
			if (line.length() <= maxLineBytes && m.matches()) {
				try {
					time = ZonedDateTime.parse(m.group(4), TIME);
				}
				catch (DateTimeParseException ex) {
					time = null;
				}
			}
			if (time == null || m.group(7).length() > 18) {
				malformed++;
				continue;
			}
			lines++;
			bytes += m.group(7).equals("-") ? 0 : Long.parseLong(m.group(7));
			status.merge(m.group(6), 1L, Long::sum);
			minutes.merge(time.withZoneSameInstant(ZoneOffset.UTC).format(MINUTE), 1L, Long::sum);
			String[] request = m.group(5).split(" ", -1);
			if ((request.length == 2 || request.length == 3) && java.util.Arrays.stream(request).noneMatch(String::isEmpty)) {
				String path = request[1];
				int query = path.indexOf('?');
				path = (query >= 0) ? path.substring(0, query) : path;
				paths.merge(new String(unescaped(path).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8), 1L,
						Long::sum);
			}
		}
		return new IndependentCount(lines, malformed, bytes, status, minutes, paths);
	}


	/**
	 * A logged path with its server's escapes undone, the slow, obvious way: {@code \\"},
	 * {@code \\\\} and {@code \\xHH} (Apache's and nginx's).
	 */
	private static String unescaped(String path) {
		StringBuilder out = new StringBuilder(path.length());
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			if (c == '\\' && i + 1 < path.length() && (path.charAt(i + 1) == '"' || path.charAt(i + 1) == '\\')) {
				out.append(path.charAt(++i));
			}
			else if (c == '\\' && i + 3 < path.length() && path.charAt(i + 1) == 'x'
					&& path.substring(i + 2, i + 4).matches("[0-9A-Fa-f]{2}")) {
				out.append((char) Integer.parseInt(path.substring(i + 2, i + 4), 16));
				i += 3;
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

}

package io.logagg.parse;

import java.nio.charset.StandardCharsets;

/**
 * The fields of a well-formed access-log line that logagg aggregates, as one value: for tests and
 * tools; the per-line path uses {@link ParsedLine}.
 *
 * @param status the 3-digit HTTP status
 * @param epochMinute the request time in whole minutes since 1970-01-01T00:00Z
 * @param path the request path without its query string, or {@code null} when the request is not
 * of the form {@code METHOD PATH [PROTOCOL]}
 * @param bytes the response size ({@code -} counts as 0)
 */
public record AccessLogEntry(int status, long epochMinute, String path, long bytes) {

	/**
	 * Puts this entry's fields into a flyweight, its path copied into a buffer of its own: slow,
	 * for tests and tools.
	 */
	public ParsedLine fill(ParsedLine into) {
		byte[] bytes = (this.path != null) ? this.path.getBytes(StandardCharsets.UTF_8) : new byte[0];
		into.reset(bytes);
		into.status(this.status);
		into.epochMinute(this.epochMinute);
		into.size(this.bytes);
		if (this.path != null) {
			into.range(LogField.PATH, 0, bytes.length);
		}
		return into;
	}

	/** The entry of a parsed line. */
	public static AccessLogEntry of(ParsedLine line) {
		return new AccessLogEntry(line.status(), line.epochMinute(), line.text(LogField.PATH), line.size());
	}

}

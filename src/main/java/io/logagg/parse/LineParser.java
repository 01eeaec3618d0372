package io.logagg.parse;

import java.nio.charset.StandardCharsets;

/**
 * Turns the bytes of one line (without its line terminator) into an {@link AccessLogEntry}.
 * Implementations are pure functions: no I/O, no state between calls, safe to share.
 */
@FunctionalInterface
public interface LineParser {

	/**
	 * @param line buffer holding the line
	 * @param from index of the line's first byte
	 * @param to index just after the line's last byte
	 * @return the parsed entry, or {@code null} if the line is malformed
	 */
	AccessLogEntry parse(byte[] line, int from, int to);

	/**
	 * Parses a line and hands its fields to {@code into}, creating nothing per line where the
	 * parser can (this default builds the entry and encodes its path).
	 * @return false, having called nothing, if the line is malformed
	 */
	default boolean parse(byte[] line, int from, int to, EntryConsumer into) {
		AccessLogEntry entry = parse(line, from, to);
		if (entry == null) {
			return false;
		}
		if (entry.path() == null) {
			into.entry(entry.status(), entry.epochMinute(), entry.bytes(), line, -1, -1);
		}
		else {
			byte[] path = entry.path().getBytes(StandardCharsets.UTF_8);
			into.entry(entry.status(), entry.epochMinute(), entry.bytes(), path, 0, path.length);
		}
		return true;
	}

}

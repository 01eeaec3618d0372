package io.logagg.parse;

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

}

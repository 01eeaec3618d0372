package io.logagg.parse;

import java.util.Set;

/**
 * A log format: reads the fields of one line (without its terminator) into a {@link ParsedLine},
 * creating nothing per line. One parser per reader: a parser may remember the last line (its
 * timestamp, say) to make the next one cheaper.
 */
public interface LineParser {

	/**
	 * @param line buffer holding the line
	 * @param from index of the line's first byte
	 * @param to index just after the line's last byte
	 * @param into filled with the line's fields; reset first
	 * @return false if the line is malformed (what {@code into} holds is then undefined)
	 */
	boolean parse(byte[] line, int from, int to, ParsedLine into);

	/** The fields this format yields; always {@link LogField#TIME} and {@link LogField#STATUS}. */
	Set<LogField> fields();

	/**
	 * Whether a line that does not {@link #parse} is one of the format's own lines rather than a
	 * request: a W3C directive ({@code #Fields: ...}), which the format takes in, or a CSV header.
	 * It is then neither counted nor malformed. Asked only of lines that do not parse.
	 */
	default boolean directive(byte[] line, int from, int to) {
		return false;
	}

	/**
	 * Whether the fields of a line depend on the directives before it in its file (W3C's
	 * {@code #Fields:}): a reader that starts a file past its beginning then hands the directives
	 * before that point to {@link #directive} first.
	 */
	default boolean readsDirectives() {
		return false;
	}

	/** A new file begins: a format that reads directives forgets the last file's. */
	default void startFile() {
	}

	/**
	 * Why a line does not parse, naming the field and the byte where it failed, or null if the
	 * format cannot say (or the line parses). Slow: for malformed lines only.
	 */
	default String explain(byte[] line, int from, int to) {
		return null;
	}

	/** The line as an {@link AccessLogEntry}, or null if malformed: allocates, for tests and tools. */
	default AccessLogEntry entry(byte[] line, int from, int to) {
		ParsedLine parsed = new ParsedLine();
		return parse(line, from, to, parsed) ? AccessLogEntry.of(parsed) : null;
	}

}

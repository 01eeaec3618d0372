package io.logagg.read;

import io.logagg.parse.ParsedLine;

/**
 * Receives each line a {@link LogFileItemReader} reads, without an object per line: the fields of
 * a well-formed one, or what is kept of a malformed one.
 */
public interface LineConsumer {

	/**
	 * A well-formed line.
	 * @param line its fields, valid during this call only (the reader reuses it)
	 */
	void line(ParsedLine line);

	/**
	 * A line that did not parse, or was longer than {@code max-line-bytes}.
	 * @param file the name of the file it is in
	 * @param rejected where it starts and how it begins
	 */
	void malformed(String file, RejectedLine rejected);

}

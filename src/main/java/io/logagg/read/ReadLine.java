package io.logagg.read;

import io.logagg.parse.AccessLogEntry;

/**
 * One line as the reader hands it to the step: what it parsed to, and the position just after it,
 * which becomes the checkpoint when this is the last line of a chunk.
 *
 * @param end position of the byte after this line's {@code \n}
 * @param entry the parsed line, or {@code null} when the line is malformed
 * @param rejected where a malformed line starts and how it begins; null for a well-formed one
 */
public record ReadLine(FilePosition end, AccessLogEntry entry, RejectedLine rejected) {

	/** A well-formed line. */
	public ReadLine(FilePosition end, AccessLogEntry entry) {
		this(end, entry, null);
	}

	public boolean malformed() {
		return this.entry == null;
	}

}

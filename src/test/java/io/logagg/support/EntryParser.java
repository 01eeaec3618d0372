package io.logagg.support;

import java.util.EnumSet;
import java.util.Set;

import io.logagg.parse.AccessLogEntry;
import io.logagg.parse.LineParser;
import io.logagg.parse.LogField;
import io.logagg.parse.ParsedLine;

/**
 * A {@link LineParser} made of a function from a line to an {@link AccessLogEntry} (null when
 * malformed), for tests that need a format of their own. The path, which the entry holds as a
 * String, goes into the flyweight as a copy: slow, and for tests only.
 */
public final class EntryParser implements LineParser {

	/** The function. */
	@FunctionalInterface
	public interface Entries {

		AccessLogEntry entry(byte[] line, int from, int to);

	}

	private final Entries entries;

	private EntryParser(Entries entries) {
		this.entries = entries;
	}

	public static LineParser of(Entries entries) {
		return new EntryParser(entries);
	}

	@Override
	public boolean parse(byte[] line, int from, int to, ParsedLine into) {
		AccessLogEntry entry = this.entries.entry(line, from, to);
		if (entry == null) {
			return false;
		}
		entry.fill(into);
		return true;
	}

	@Override
	public Set<LogField> fields() {
		return EnumSet.of(LogField.TIME, LogField.STATUS, LogField.BYTES, LogField.PATH);
	}

}

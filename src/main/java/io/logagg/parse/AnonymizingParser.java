package io.logagg.parse;

import java.util.Set;

/**
 * A format whose client addresses are anonymised as they are read ({@code logagg.privacy.*}), so
 * that no full address reaches a panel, the visitors or Redis.
 */
public final class AnonymizingParser implements LineParser {

	private final LineParser format;

	private final int level;

	/**
	 * @param format the log's format
	 * @param level GoAccess's anonymisation level, 1 to 3 ({@link ClientAddresses})
	 */
	public AnonymizingParser(LineParser format, int level) {
		this.format = format;
		this.level = level;
	}

	@Override
	public boolean parse(byte[] line, int from, int to, ParsedLine into) {
		if (!this.format.parse(line, from, to, into)) {
			return false;
		}
		if (into.has(LogField.CLIENT)) {
			int start = into.from(LogField.CLIENT);
			int end = ClientAddresses.anonymize(into.bytes(), start, into.to(LogField.CLIENT), this.level);
			if (end >= 0) {
				into.range(LogField.CLIENT, start, end);
			}
		}
		return true;
	}

	@Override
	public Set<LogField> fields() {
		return this.format.fields();
	}

	@Override
	public String explain(byte[] line, int from, int to) {
		return this.format.explain(line, from, to);
	}

	@Override
	public boolean directive(byte[] line, int from, int to) {
		return this.format.directive(line, from, to);
	}

	@Override
	public boolean readsDirectives() {
		return this.format.readsDirectives();
	}

	@Override
	public void startFile() {
		this.format.startFile();
	}

}

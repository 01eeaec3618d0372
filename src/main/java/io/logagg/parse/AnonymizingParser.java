package io.logagg.parse;

/**
 * A format whose client addresses are anonymised as they are read ({@code logagg.privacy.*}), so
 * that no full address reaches a panel, the visitors or Redis.
 */
public final class AnonymizingParser extends AdjustingParser {

	private final int level;

	/**
	 * @param format the log's format
	 * @param level GoAccess's anonymisation level, 1 to 3 ({@link ClientAddresses})
	 */
	public AnonymizingParser(LineParser format, int level) {
		super(format);
		this.level = level;
	}

	@Override
	void adjust(ParsedLine line) {
		if (line.has(LogField.CLIENT)) {
			int start = line.from(LogField.CLIENT);
			int end = ClientAddresses.anonymize(line.bytes(), start, line.to(LogField.CLIENT), this.level);
			if (end >= 0) {
				line.range(LogField.CLIENT, start, end);
			}
		}
	}

}

package io.logagg.parse;

import java.util.Set;

/**
 * A format whose well-formed lines are adjusted once parsed (addresses anonymised, times moved
 * onto a zone's clock); everything else is the format's own.
 */
abstract class AdjustingParser implements LineParser {

	private final LineParser format;

	AdjustingParser(LineParser format) {
		this.format = format;
	}

	/** Changes a well-formed line in place; creates nothing: called for every line. */
	abstract void adjust(ParsedLine line);

	@Override
	public final boolean parse(byte[] line, int from, int to, ParsedLine into) {
		if (!this.format.parse(line, from, to, into)) {
			return false;
		}
		adjust(into);
		return true;
	}

	@Override
	public final Set<LogField> fields() {
		return this.format.fields();
	}

	@Override
	public final String explain(byte[] line, int from, int to) {
		return this.format.explain(line, from, to);
	}

	@Override
	public final boolean directive(byte[] line, int from, int to) {
		return this.format.directive(line, from, to);
	}

	@Override
	public final boolean readsDirectives() {
		return this.format.readsDirectives();
	}

	@Override
	public final void startFile() {
		this.format.startFile();
	}

}

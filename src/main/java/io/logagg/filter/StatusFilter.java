package io.logagg.filter;

import java.util.Collection;
import java.util.Set;

import io.logagg.parse.LogField;
import io.logagg.parse.ParsedLine;

/** Leaves out the responses of some status codes ({@code logagg.filter.ignore-status}, GoAccess's {@code --ignore-status}). */
public final class StatusFilter implements LineFilter {

	private final boolean[] ignored = new boolean[1000];

	/** @param codes the status codes, 100 to 999 */
	public StatusFilter(Collection<Integer> codes) {
		for (int code : codes) {
			if (code < 100 || code > 999) {
				throw new IllegalArgumentException("logagg.filter.ignore-status: " + code + " is no HTTP status code (100 to 999)");
			}
			this.ignored[code] = true;
		}
	}

	@Override
	public String name() {
		return "status";
	}

	@Override
	public Set<LogField> needs() {
		return Set.of(LogField.STATUS);
	}

	@Override
	public boolean drops(ParsedLine line) {
		int status = line.status();
		return status >= 0 && status < 1000 && this.ignored[status];
	}

}

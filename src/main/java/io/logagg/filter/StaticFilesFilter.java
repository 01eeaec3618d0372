package io.logagg.filter;

import java.util.Set;

import io.logagg.parse.LogField;
import io.logagg.parse.ParsedLine;
import io.logagg.parse.StaticPaths;

/** Leaves out requests of static files (GoAccess's {@code --ignore-statics=req}): by the path's extension. */
public final class StaticFilesFilter implements LineFilter {

	@Override
	public String name() {
		return "statics";
	}

	@Override
	public Set<LogField> needs() {
		return Set.of(LogField.PATH);
	}

	@Override
	public boolean drops(ParsedLine line) {
		return line.has(LogField.PATH) && StaticPaths.isStatic(line.bytes(), line.from(LogField.PATH), line.to(LogField.PATH));
	}

}

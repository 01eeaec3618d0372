package io.logagg.filter;

import java.util.List;
import java.util.Set;

import io.logagg.parse.LogField;
import io.logagg.parse.ParsedLine;

/** The filters of a source, in the order they are asked: a line left out counts for the first that drops it. */
public final class LineFilters {

	/** No filter: every line counts. */
	public static final LineFilters NONE = new LineFilters(List.of());

	private final LineFilter[] filters;

	public LineFilters(List<LineFilter> filters) {
		this.filters = filters.toArray(LineFilter[]::new);
	}

	/** The index of the first filter that drops the line, or -1 if it counts. */
	public int drop(ParsedLine line) {
		for (int i = 0; i < this.filters.length; i++) {
			if (this.filters[i].drops(line)) {
				return i;
			}
		}
		return -1;
	}

	public int size() {
		return this.filters.length;
	}

	/** The name of filter {@code index}. */
	public String name(int index) {
		return this.filters[index].name();
	}

	/**
	 * @throws IllegalArgumentException naming the first filter the format has no field for
	 */
	public void requireFields(Set<LogField> fields) {
		for (LineFilter filter : this.filters) {
			for (LogField needed : filter.needs()) {
				if (!fields.contains(needed)) {
					throw new IllegalArgumentException("the " + filter.name() + " filter reads the " + needed.name().toLowerCase(java.util.Locale.ROOT)
							+ " of each line, which this format does not have: leave the filter out for this source");
				}
			}
		}
	}

}

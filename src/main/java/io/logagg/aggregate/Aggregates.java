package io.logagg.aggregate;

import java.util.List;
import java.util.Set;

import io.logagg.parse.LogField;

/** The registry of aggregates: the ones a source keeps, given what its format yields. */
public final class Aggregates {

	private Aggregates() {
	}

	/**
	 * Every aggregate whose fields the format has, in the order their commands are queued.
	 * @param fields what the format yields
	 * @param keepSamples how many malformed lines the source keeps as samples
	 */
	public static List<Aggregate> forFormat(Set<LogField> fields, int keepSamples) {
		List<Aggregate> all = List.of(new TotalsAggregate(), new StatusAggregate(), new MinutesAggregate(),
				new PathsAggregate(), new MalformedSamplesAggregate(keepSamples));
		return all.stream().filter(aggregate -> fields.containsAll(aggregate.needs())).toList();
	}

}

package io.logagg.aggregate;

import java.util.ArrayList;
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
	 * @param settings what the aggregates keep
	 */
	public static List<Aggregate> forFormat(Set<LogField> fields, AggregateSettings settings) {
		List<Aggregate> all = new ArrayList<>(List.of(new TotalsAggregate(), new StatusAggregate(), new MinutesAggregate(),
				new PathsAggregate(settings.panels().contains(Panel.PATHS.id())),
				new MalformedSamplesAggregate(settings.keepSamples(), settings.anonymizeLevel()), new DaysAggregate(settings),
				new ErrorsAggregate(settings), new VisitorsAggregate(settings), new LatencyAggregate(settings)));
		for (Panel panel : Panel.values()) {
			if (settings.panels().contains(panel.id())) {
				all.add(new PanelAggregate(panel, settings));
			}
		}
		if (settings.panels().contains(SlowPathsAggregate.PANEL)) {
			all.add(new SlowPathsAggregate(settings));
		}
		return all.stream().filter(aggregate -> fields.containsAll(aggregate.needs())).toList();
	}

}

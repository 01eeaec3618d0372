package io.logagg.report;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.logagg.aggregate.Panel;
import io.logagg.report.DailyAggregates.PanelRow;

/**
 * What a report works out from the stored panels rather than the job keeping it: browsers,
 * systems and crawlers from the agents, countries and autonomous systems from the hosts. One per
 * report, or one for every report of a dashboard, which then parses each agent once.
 */
public final class DerivedPanels {

	private final GeoDatabases geo;

	private AgentFamilies families;

	/** @param geo the databases of the countries and asn panels; {@link GeoDatabases#NONE} for none */
	public DerivedPanels(GeoDatabases geo) {
		this.geo = geo;
	}

	/** No geography. */
	public static DerivedPanels withoutGeography() {
		return new DerivedPanels(GeoDatabases.NONE);
	}

	/** Whether the hosts' panel needs every client's bytes: the countries and networks sum them all. */
	boolean needsAllBytes(Panel panel) {
		return panel == Panel.HOSTS && !this.geo.isEmpty();
	}

	/**
	 * Adds to {@code panels} the top {@code top} rows of what {@code panel}'s members (per member,
	 * its requests and bytes over the range) give: countries and networks from the hosts, browsers,
	 * systems and crawlers from the agents; nothing from other panels.
	 */
	void addTo(Map<String, List<PanelRow>> panels, Panel panel, Map<String, long[]> members, int top) {
		if (needsAllBytes(panel)) {
			Map<String, long[]> countries = new HashMap<>();
			Map<String, long[]> systems = new HashMap<>();
			this.geo.sum(members, countries, systems);
			if (!countries.isEmpty()) {
				panels.put(GeoDatabases.COUNTRIES, PanelMembers.top(countries, top, true));
			}
			if (!systems.isEmpty()) {
				panels.put(GeoDatabases.ASN, PanelMembers.top(systems, top, true));
			}
		}
		if (panel == Panel.AGENTS) {
			Map<String, long[]> browsers = new HashMap<>();
			Map<String, long[]> systems = new HashMap<>();
			Map<String, long[]> crawlers = new HashMap<>();
			families().sum(members, browsers, systems, crawlers);
			panels.put(DailyAggregates.BROWSERS, PanelMembers.top(browsers, top, false));
			panels.put(DailyAggregates.SYSTEMS, PanelMembers.top(systems, top, false));
			if (!crawlers.isEmpty()) {
				panels.put(DailyAggregates.CRAWLERS, PanelMembers.top(crawlers, top, false));
			}
		}
	}

	/** The agent families, loaded at first use (about a second), then kept. */
	synchronized AgentFamilies families() {
		if (this.families == null) {
			this.families = new AgentFamilies();
		}
		return this.families;
	}

}

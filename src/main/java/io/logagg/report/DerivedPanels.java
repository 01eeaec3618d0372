package io.logagg.report;

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

	GeoDatabases geo() {
		return this.geo;
	}

	/** The agent families, loaded at first use (about a second), then kept. */
	synchronized AgentFamilies families() {
		if (this.families == null) {
			this.families = new AgentFamilies();
		}
		return this.families;
	}

}

package io.logagg.report;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.logagg.aggregate.PanelAggregate;
import io.logagg.filter.CrawlerFilter;

/**
 * Browsers, operating systems and crawlers, worked out at report time from the stored user agents with
 * ua-parser's maintained patterns (uap-java): the job stores raw agents and pays nothing for this.
 * The patterns take a quarter of a second to load and an agent about a tenth of a millisecond
 * ({@link AgentPatterns}), so one instance serves a whole report, or every report of a dashboard,
 * remembering the families of up to {@value #REMEMBERED} agents. Thread-safe.
 */
final class AgentFamilies {

	/** Agents whose families are remembered; past that, the memory starts over. */
	static final int REMEMBERED = 200_000;

	private final AgentPatterns patterns = new AgentPatterns();

	private final Map<String, String[]> known = new ConcurrentHashMap<>();

	/**
	 * Requests and bytes per browser family ({@code Chrome}, {@code Firefox}, {@code Googlebot}...)
	 * and per system family ({@code Windows}, {@code Android}...).
	 *
	 * @param agents per raw user agent, its requests and bytes
	 * @param browsers filled with the sums per browser family
	 * @param systems filled with the sums per system family
	 * @param crawlers filled with the sums per crawler, by the name in its agent ({@link CrawlerFilter#crawlerName})
	 */
	void sum(Map<String, long[]> agents, Map<String, long[]> browsers, Map<String, long[]> systems, Map<String, long[]> crawlers) {
		// A real site's days hold thousands of agents: they are parsed on every core (the patterns
		// keep no state between calls).
		if (this.known.size() + agents.size() > REMEMBERED) {
			this.known.clear();
		}
		List<String> unknown = agents.keySet().stream().filter(agent -> !this.known.containsKey(agent)).toList();
		if (!unknown.isEmpty()) {
			// A dashboard's reports after the first find every agent known: no tasks forked for them.
			unknown.parallelStream().forEach(agent -> this.known.put(agent, families(agent)));
		}
		agents.forEach((agent, sums) -> {
			String[] family = this.known.get(agent);
			add(browsers, family[0], sums);
			add(systems, family[1], sums);
			if (family[2] != null) {
				add(crawlers, family[2], sums);
			}
		});
	}

	private String[] families(String agent) {
		if (agent.equals(PanelAggregate.OTHER)) {
			return new String[] { agent, agent, null };
		}
		return new String[] { this.patterns.browser(agent), this.patterns.system(agent), CrawlerFilter.crawlerName(agent) };
	}

	private static void add(Map<String, long[]> into, String family, long[] sums) {
		long[] sum = into.computeIfAbsent(family, f -> new long[2]);
		sum[0] += sums[0];
		sum[1] += sums[1];
	}

}

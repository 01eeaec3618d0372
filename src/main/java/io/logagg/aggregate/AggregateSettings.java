package io.logagg.aggregate;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the aggregates keep, from the {@code logagg.*} settings.
 *
 * @param keepSamples how many malformed lines are kept as samples
 * @param visitorsCount4xx whether requests answered 4xx count towards visitors
 * @param minuteRetention how long per-minute keys live after their last write
 * @param dayRetention how long per-day keys live after their last write
 * @param panelMaxDistinct members a panel keeps per day before counting the rest as {@code (other)}
 * @param panels the panels kept, by {@link Panel#id()}
 * @param anonymizeLevel the level client addresses are anonymised at (in malformed samples too), 0 for none
 */
public record AggregateSettings(int keepSamples, boolean visitorsCount4xx, Duration minuteRetention, Duration dayRetention,
		int panelMaxDistinct, Set<String> panels, int anonymizeLevel) {

	public AggregateSettings {
		panels = Set.copyOf(panels);
	}

	/** Settings that keep addresses whole. */
	public AggregateSettings(int keepSamples, boolean visitorsCount4xx, Duration minuteRetention, Duration dayRetention,
			int panelMaxDistinct, Set<String> panels) {
		this(keepSamples, visitorsCount4xx, minuteRetention, dayRetention, panelMaxDistinct, panels, 0);
	}

	/** The defaults of {@code config/application.yml}. */
	public static final AggregateSettings DEFAULTS = new AggregateSettings(100, false, Duration.ofDays(35), Duration.ofDays(400),
			100_000,
			Stream.concat(Arrays.stream(Panel.values()).filter(panel -> panel != Panel.HOSTS_TIME).map(Panel::id),
					Stream.of(SlowPathsAggregate.PANEL)).collect(Collectors.toSet()));

	/** These settings, keeping {@code samples} malformed lines. */
	public AggregateSettings keeping(int samples) {
		return new AggregateSettings(samples, this.visitorsCount4xx, this.minuteRetention, this.dayRetention, this.panelMaxDistinct,
				this.panels, this.anonymizeLevel);
	}

}

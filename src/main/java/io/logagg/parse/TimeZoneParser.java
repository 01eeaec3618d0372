package io.logagg.parse;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * A format whose request times are moved onto the clock of {@code logagg.time-zone}, as GoAccess's
 * {@code --tz}: every minute, hour and day that logagg keeps is then that zone's. A line's
 * {@link ParsedLine#epochMinute()} becomes its local time counted as minutes since 1970-01-01T00:00
 * of that clock, so that the aggregates and their keys need not know the zone: a day is 23 or 25
 * hours long when the clocks change, and the hour repeated in autumn counts in one bucket, twice.
 */
public final class TimeZoneParser extends AdjustingParser {

	private final ZoneRules rules;

	/** The epoch minutes {@code [validFrom, validUntil)} for which {@link #offset} holds. */
	private long validFrom = Long.MAX_VALUE;

	private long validUntil = Long.MIN_VALUE;

	private long offset;

	public TimeZoneParser(LineParser format, ZoneId zone) {
		super(format);
		this.rules = zone.getRules();
	}

	@Override
	void adjust(ParsedLine line) {
		line.epochMinute(local(line.epochMinute()));
	}

	/** The minute of the zone's clock at an epoch minute: one compare per line between transitions. */
	long local(long epochMinute) {
		if (epochMinute < this.validFrom || epochMinute >= this.validUntil) {
			Instant at = Instant.ofEpochSecond(epochMinute * 60);
			this.offset = this.rules.getOffset(at).getTotalSeconds() / 60;
			ZoneOffsetTransition previous = this.rules.previousTransition(at.plusSeconds(1));
			ZoneOffsetTransition next = this.rules.nextTransition(at);
			this.validFrom = (previous != null) ? Math.floorDiv(previous.toEpochSecond(), 60) : Long.MIN_VALUE;
			this.validUntil = (next != null) ? Math.floorDiv(next.toEpochSecond(), 60) : Long.MAX_VALUE;
		}
		return epochMinute + this.offset;
	}

}

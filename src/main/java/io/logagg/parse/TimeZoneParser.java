package io.logagg.parse;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Set;

/**
 * A format whose request times are moved onto the clock of {@code logagg.time-zone}, as GoAccess's
 * {@code --tz}: every minute, hour and day that logagg keeps is then that zone's. A line's
 * {@link ParsedLine#epochMinute()} becomes its local time counted as minutes since 1970-01-01T00:00
 * of that clock, so that the aggregates and their keys need not know the zone: a day is 23 or 25
 * hours long when the clocks change, and the hour repeated in autumn counts in one bucket, twice.
 */
public final class TimeZoneParser implements LineParser {

	private final LineParser format;

	private final ZoneRules rules;

	/** The epoch minutes {@code [validFrom, validUntil)} for which {@link #offset} holds. */
	private long validFrom = Long.MAX_VALUE;

	private long validUntil = Long.MIN_VALUE;

	private long offset;

	public TimeZoneParser(LineParser format, ZoneId zone) {
		this.format = format;
		this.rules = zone.getRules();
	}

	@Override
	public boolean parse(byte[] line, int from, int to, ParsedLine into) {
		if (!this.format.parse(line, from, to, into)) {
			return false;
		}
		into.epochMinute(local(into.epochMinute()));
		return true;
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

	@Override
	public Set<LogField> fields() {
		return this.format.fields();
	}

	@Override
	public String explain(byte[] line, int from, int to) {
		return this.format.explain(line, from, to);
	}

	@Override
	public boolean directive(byte[] line, int from, int to) {
		return this.format.directive(line, from, to);
	}

	@Override
	public boolean readsDirectives() {
		return this.format.readsDirectives();
	}

	@Override
	public void startFile() {
		this.format.startFile();
	}

}

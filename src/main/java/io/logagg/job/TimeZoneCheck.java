package io.logagg.job;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Supplier;

import io.logagg.aggregate.ChunkDelta;
import io.logagg.aggregate.FirstChunkCheck;
import io.logagg.checkpoint.KeyLayout;
import io.logagg.config.InvalidSettingException;


/**
 * A source's days, hours and minutes are those of one zone: a run with another
 * {@code logagg.time-zone} than the one its aggregates were counted in is refused before anything
 * is committed (exit 2), since its lines would land in other days and hours than the counted
 * ones. The first chunk of a source stores its zone in the checkpoint, where reports read it.
 */
final class TimeZoneCheck implements FirstChunkCheck {

	private final Supplier<CountedSource> source;

	private final KeyLayout keys;

	private final ZoneId zone;

	TimeZoneCheck(Supplier<CountedSource> source, KeyLayout keys, ZoneId zone) {
		this.source = source;
		this.keys = keys;
		this.zone = zone;
	}

	@Override
	public ChunkDelta check(ChunkDelta first) {
		CountedSource source = this.source.get();
		String before = source.zone();
		String zone = this.zone.normalized().equals(ZoneOffset.UTC) ? "UTC" : this.zone.getId();
		if (zone.equals(before)) {
			return first;
		}
		boolean counted = source.counted();
		String counting = (before != null) ? before : "UTC";
		if (counted && !counting.equals(zone)) {
			throw new InvalidSettingException("source " + this.keys.source() + " is counted in time zone " + counting
					+ ", and this run's logagg.time-zone is " + zone + ": its lines would fall into other days and hours than "
					+ "those already counted. Run with --logagg.time-zone=" + counting + ", or start the source again in "
					+ zone + " (logagg reset --source " + this.keys.source() + ", then read its logs again); nothing was committed");
		}
		return first.with(commands -> commands.hset(commands.keys().checkpoint(), CountedSource.ZONE_FIELD, zone));
	}

}

package io.logagg.aggregate;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalDayTest {

	/** Year zero was a year-of-era mix-up: the minute said 0001, the day 0000. */
	@Test
	void aMinuteAndItsDayNameTheSameYear() {
		for (String time : java.util.List.of("0000-12-31T23:00", "2026-11-20T06:25", "1999-12-31T23:59")) {
			long minute = LocalDateTime.parse(time).toEpochSecond(ZoneOffset.UTC) / 60;
			assertThat(MinutesAggregate.minuteKey(minute)).isEqualTo(time);
			assertThat(LocalDay.name(LocalDay.of(minute))).isEqualTo(time.substring(0, 10));
		}
	}

	@Test
	void theDayOfAMinuteIsTheSameAskedAgainOrAfterAnother() {
		DayOfMinute dayOf = new DayOfMinute();
		for (long minute : new long[] { Long.MIN_VALUE, 29_000_000L, 29_000_000L, 29_000_001L, 28_999_999L, -1, -1, 0, -1440, -1441, 1439,
				1440, Long.MIN_VALUE, Long.MAX_VALUE, 29_000_000L }) {
			assertThat(dayOf.of(minute)).as("minute %d", minute).isEqualTo(Math.floorDiv(minute, 1440));
		}
	}

	@Test
	void everyMinuteOfTheDayIsInItsHour() {
		for (int minute = 0; minute < 1440; minute++) {
			assertThat(Panel.hourOf(minute)).as("minute %d", minute).isEqualTo(minute / 60);
		}
	}

}

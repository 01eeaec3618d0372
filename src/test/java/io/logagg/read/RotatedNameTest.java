package io.logagg.read;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import io.logagg.read.RotatedName.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RotatedNameTest {

	private static List<String> inReadingOrder(String... names) {
		List<String> shuffled = new ArrayList<>(List.of(names));
		Collections.shuffle(shuffled, new Random(names.length));
		return shuffled.stream().map(RotatedName::of).sorted(RotatedName.READING_ORDER).map(RotatedName::name).toList();
	}

	@Test
	void numberedRotationsAreReadFromTheHighestNumberDownThenTheLiveFile() {
		assertThat(inReadingOrder("access.log", "access.log.1", "access.log.2.gz", "access.log.10.gz", "access.log.3.gz"))
			.containsExactly("access.log.10.gz", "access.log.3.gz", "access.log.2.gz", "access.log.1", "access.log");
	}

	@Test
	void dateextRotationsAreReadByDateThenTheLiveFile() {
		assertThat(inReadingOrder("access.log", "access.log-20261129", "access.log-20261127.gz", "access.log-20261128.gz"))
			.containsExactly("access.log-20261127.gz", "access.log-20261128.gz", "access.log-20261129", "access.log");
		assertThat(inReadingOrder("access_log", "access_log-20261129-1764403200", "access_log-20261129-1764316800.gz"))
			.containsExactly("access_log-20261129-1764316800.gz", "access_log-20261129-1764403200", "access_log");
	}

	@Test
	void aDateBeforeTheExtensionBelongsToTheLogWithThatExtension() {
		RotatedName name = RotatedName.of("access-2026-11-28.log");
		assertThat(name.log()).isEqualTo("access.log");
		assertThat(name.kind()).isEqualTo(Kind.DATED);
		assertThat(inReadingOrder("access-20261129.log", "access.log", "access-20261128.log.gz"))
			.containsExactly("access-20261128.log.gz", "access-20261129.log", "access.log");
	}

	@Test
	void namesThatAreNeitherNumberedNorDatedKeepByteOrder() {
		assertThat(inReadingOrder("b.log", "a.log", "access.log.log", "zé.log"))
			.containsExactly("a.log", "access.log.log", "b.log", "zé.log");
	}

	@Test
	void logrotatesExtensionPutsTheNumberBeforeTheLogsOwnExtension() {
		assertThat(RotatedName.of("access.2.log.gz").log()).isEqualTo("access.log");
		assertThat(inReadingOrder("access.log", "access.1.log", "access.2.log.gz", "access.10.log.gz"))
			.containsExactly("access.10.log.gz", "access.2.log.gz", "access.1.log", "access.log");
	}

	@Test
	void dateformatsOfEpochSecondsAndOfAMonthAreDates() {
		RotatedName epoch = RotatedName.of("access.log-1796579396");
		assertThat(epoch.kind()).isEqualTo(Kind.DATED);
		assertThat(epoch.log()).isEqualTo("access.log");
		assertThat(RotatedName.of("access.log-202612.gz").kind()).isEqualTo(Kind.DATED);
		assertThat(inReadingOrder("access.log", "access.log-1796579396", "access.log-1796493000.gz"))
			.containsExactly("access.log-1796493000.gz", "access.log-1796579396", "access.log");
		assertThat(inReadingOrder("access.log", "access.log-202612", "access.log-202611.gz"))
			.containsExactly("access.log-202611.gz", "access.log-202612", "access.log");
	}

	@Test
	void handRotationsAndBackupCopiesBelongToTheirLogAndComeBeforeIt() {
		for (String name : List.of("access.log.old", "access.log.bak", "access.log~", "access.log.orig", "access.log-backup")) {
			RotatedName renamed = RotatedName.of(name);
			assertThat(renamed.kind()).as(name).isEqualTo(Kind.RENAMED);
			assertThat(renamed.log()).as(name).isEqualTo("access.log");
			assertThat(renamed.mayBeReopenedLater()).as(name).isTrue();
		}
		assertThat(inReadingOrder("access.log", "access.log.old", "access.log.1"))
			.containsExactly("access.log.1", "access.log.old", "access.log");
	}

	@Test
	void eachLogKeepsItsRotationsTogetherInByteOrderOfTheLogs() {
		assertThat(inReadingOrder("error.log", "access.log.1", "error.log.1", "access.log", "2026/access.log.1"))
			.containsExactly("2026/access.log.1", "access.log.1", "access.log", "error.log.1", "error.log");
	}

	@Test
	void tellsCompressionsLogaggCannotRead() {
		assertThat(RotatedName.of("access.log.2.gz").gzip()).isTrue();
		assertThat(RotatedName.of("access.log.2.bz2").unreadableCompression()).isTrue();
		assertThat(RotatedName.of("access.log.2.xz").log()).isEqualTo("access.log");
		assertThat(RotatedName.of("access.log").rotated()).isFalse();
	}

	@Test
	void digitsThatAreNotADateAreNotOne() {
		assertThat(RotatedName.of("access.log-20261399").kind()).isEqualTo(Kind.LIVE);
		assertThat(RotatedName.of("server.8080").kind()).isEqualTo(Kind.NUMBERED);
	}

}

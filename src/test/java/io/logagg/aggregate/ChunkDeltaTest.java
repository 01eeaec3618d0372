package io.logagg.aggregate;

import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import io.logagg.parse.AccessLogEntry;
import io.logagg.parse.ParsedLine;
import io.logagg.read.FilesUpdate;
import io.logagg.read.FilePosition;
import io.logagg.read.ReadLine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChunkDeltaTest {

	@Test
	void sumsLinesPerDistinctKeyAndEndsAfterTheLastLine() {
		long minute = ZonedDateTime.parse("2025-02-19T21:20:00Z").toEpochSecond() / 60;
		ChunkDelta delta = ChunkDelta.of(List.of(new ReadLine(new FilePosition("a.log", 10), new AccessLogEntry(200, minute, "/a", 5)),
				new ReadLine(new FilePosition("a.log", 20), null),
				new ReadLine(new FilePosition("b.log", 7), new AccessLogEntry(200, minute, "/a", 7)),
				new ReadLine(new FilePosition("b.log", 9), new AccessLogEntry(404, minute + 1, null, 0))), 100);
		assertThat(delta.end()).isEqualTo(new FilePosition("b.log", 9));
		assertThat(delta.lines()).isEqualTo(3);
		assertThat(delta.malformed()).isEqualTo(1);
		assertThat(delta.bytes()).isEqualTo(12);
		assertThat(delta.part(StatusAggregate.Counts.class).counts()).isEqualTo(Map.of("200", 2L, "404", 1L));
		assertThat(delta.part(MinutesAggregate.Counts.class).counts())
			.isEqualTo(Map.of("2025-02-19T21:20", 2L, "2025-02-19T21:21", 1L));
		Map<String, Long> paths = new java.util.TreeMap<>();
		PathsAggregate.countsIn(delta.pendingDelta(), paths);
		assertThat(paths).isEqualTo(Map.of("/a", 2L));
		assertThat(delta.part(TotalsAggregate.Totals.class)).isEqualTo(new TotalsAggregate.Totals(3, 1, 12));
		assertThat(delta.part(MalformedSamplesAggregate.Samples.class)).as("the malformed line had no excerpt").isNull();
	}

	@Test
	void aChunkHoldsTheBytesOfEachDistinctPanelMemberOnceUntilItIsBuilt() {
		long minute = ZonedDateTime.parse("2025-02-19T23:59:00Z").toEpochSecond() / 60;
		AggregateSettings settings = AggregateSettings.DEFAULTS;
		ChunkDelta.Builder builder = new ChunkDelta.Builder(
				List.of(new PanelAggregate(Panel.PATHS, settings), new SlowPathsAggregate(settings)));
		ParsedLine line = new ParsedLine();
		// Two days, so that two day tables hold members; the same path twice on the first.
		builder.line(new AccessLogEntry(200, minute, "/abc", 5).fill(line));
		builder.line(new AccessLogEntry(200, minute, "/abc", 5).fill(line));
		builder.line(new AccessLogEntry(200, minute + 1, "/abc", 5).fill(line));
		builder.line(new AccessLogEntry(200, minute + 1, "/de", 5).fill(line));
		int overhead = MemberCounts.MEMBER_OVERHEAD;
		assertThat(builder.retainedBytes()).as("paths per day; the entries have no duration for slowPaths")
			.isEqualTo(4 + 4 + 3 + 3 * overhead);

		builder.build(new FilePosition("a.log", 40), FilesUpdate.NONE);
		assertThat(builder.retainedBytes()).isZero();
		builder.line(new AccessLogEntry(200, minute + 1, "/de", 5).fill(line));
		assertThat(builder.retainedBytes()).as("the next chunk's own members only").isEqualTo(3 + overhead);
	}

	@Test
	void formatsMinutesInUtc() {
		assertThat(MinutesAggregate.minuteKey(0)).isEqualTo("1970-01-01T00:00");
		assertThat(MinutesAggregate.minuteKey(-1)).isEqualTo("1969-12-31T23:59");
	}

}

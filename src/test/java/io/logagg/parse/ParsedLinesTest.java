package io.logagg.parse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ParsedLinesTest {

	private final CombinedLogParser parser = new CombinedLogParser();

	@Test
	void theLowestFieldPresentIsFoundWhateverIsPresentAboveIt() {
		java.util.Random random = new java.util.Random(3);
		for (int lowest = 0; lowest < Integer.SIZE; lowest++) {
			for (int round = 0; round < 100; round++) {
				int bits = (1 << lowest) | (random.nextInt() & (int) (-2L << lowest));
				assertThat(ParsedLines.lowestField(bits)).isEqualTo(lowest);
			}
		}
	}

	@Test
	void aCopiedLineReadsAsTheParsedOneAfterTheReadBufferIsReused() {
		List<String> lines = new ArrayList<>();
		for (int i = 0; i < 700; i++) {
			// Past the batch's first capacity in lines and bytes; a line without referrer and agent among them.
			lines.add((i % 7 == 0)
					? "10.0.0." + (i % 250) + " - - [20/Nov/2026:10:" + String.format("%02d", i % 60) + ":00 +0000] \"GET /p" + i + " HTTP/1.1\" 404 -"
					: "10.0.0." + (i % 250) + " - bob [20/Nov/2026:10:00:00 +0000] \"POST /a/" + "x".repeat(i) + "?q=" + i
							+ " HTTP/1.0\" 200 " + i + " \"http://ref/" + i + "\" \"agent " + i + "\"");
		}
		ParsedLines batch = new ParsedLines(16);
		byte[] buffer = new byte[8192];
		for (String text : lines) {
			byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
			java.util.Arrays.fill(buffer, (byte) '#');
			int at = 100;
			System.arraycopy(bytes, 0, buffer, at, bytes.length);
			ParsedLine parsed = new ParsedLine();
			assertThat(this.parser.parse(buffer, at, at + bytes.length, parsed)).as(text).isTrue();
			batch.add(parsed);
			// The reader reuses its buffer: the copy must not depend on it.
			java.util.Arrays.fill(buffer, (byte) '#');
		}

		assertThat(batch.size()).isEqualTo(lines.size());
		ParsedLine copy = new ParsedLine();
		for (int i = 0; i < lines.size(); i++) {
			byte[] bytes = lines.get(i).getBytes(StandardCharsets.US_ASCII);
			ParsedLine expected = new ParsedLine();
			this.parser.parse(bytes, 0, bytes.length, expected);
			batch.get(i, copy);
			for (LogField field : LogField.values()) {
				assertThat(copy.has(field)).as("%s of line %d", field, i).isEqualTo(expected.has(field));
				assertThat(copy.text(field)).as("%s of line %d", field, i).isEqualTo(expected.text(field));
			}
			assertThat(copy.status()).isEqualTo(expected.status());
			assertThat(copy.epochMinute()).isEqualTo(expected.epochMinute());
			assertThat(copy.size()).isEqualTo(expected.size());
			assertThat(copy.durationMicros()).isEqualTo(expected.durationMicros());
		}
	}

	@Test
	void aClearedBatchHoldsNoLinesAndFillsAgain() {
		byte[] bytes = "1.2.3.4 - - [20/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"a\"".getBytes(StandardCharsets.US_ASCII);
		ParsedLine parsed = new ParsedLine();
		this.parser.parse(bytes, 0, bytes.length, parsed);
		ParsedLines batch = new ParsedLines(4);
		batch.add(parsed);
		batch.clear();
		assertThat(batch.size()).isZero();
		assertThat(batch.bytes()).isZero();
		batch.add(parsed);
		assertThat(batch.get(0, new ParsedLine()).text(LogField.CLIENT)).isEqualTo("1.2.3.4");
		assertThat(batch.bytes()).as("from the client to the agent, its closing quote left out").isEqualTo(bytes.length - 1);
	}

}

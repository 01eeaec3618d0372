package io.logagg.aggregate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a fold writes of a day past its bound, from the day's two hashes as HGETALL lists them. */
class DayCutTest {

	private static List<byte[]> hash(String... fieldsAndValues) {
		List<byte[]> reply = new ArrayList<>();
		for (String item : fieldsAndValues) {
			reply.add(item.getBytes(StandardCharsets.UTF_8));
		}
		return reply;
	}

	private static MemberCounts sent(Object... memberCountBytes) {
		MemberCounts sent = new MemberCounts();
		for (int i = 0; i < memberCountBytes.length; i += 3) {
			byte[] member = ((String) memberCountBytes[i]).getBytes(StandardCharsets.UTF_8);
			sent.add(0, member, 0, member.length, (Integer) memberCountBytes[i + 1], (Integer) memberCountBytes[i + 2]);
		}
		return sent;
	}

	private static Map<String, String> pairs(List<byte[]> fieldsAndValues) {
		Map<String, String> pairs = new LinkedHashMap<>();
		for (int i = 0; i < fieldsAndValues.size(); i += 2) {
			pairs.put(new String(fieldsAndValues.get(i), StandardCharsets.UTF_8), new String(fieldsAndValues.get(i + 1), StandardCharsets.UTF_8));
		}
		return pairs;
	}

	private static List<String> strings(List<byte[]> fields) {
		return fields.stream().map(field -> new String(field, StandardCharsets.UTF_8)).toList();
	}

	/** The bytes' hash listed in another order, and holding a field the requests' hash lacks. */
	private static final List<byte[]> COUNTS = hash("a", "1", "b", "2", "c", "3");

	private static final List<byte[]> BYTES = hash("c", "30", "a", "10", "d", "40");

	@Test
	void aDayThatStaysWithinItsBoundGetsTheSumsThatMovedAndNothingElse() {
		DayCut cut = DayCut.of(COUNTS, BYTES, sent("b", 1, 5, "e", 2, 7), 10, DayCut.PANEL);
		assertThat(pairs(cut.setCounts())).isEqualTo(Map.of("b", "3", "e", "2"));
		assertThat(pairs(cut.setBytes())).isEqualTo(Map.of("b", "5", "e", "7"));
		assertThat(cut.removed()).isEmpty();
	}

	@Test
	void aDayPastItsBoundKeepsTheMostRequestedTiesByBytesAndCountsTheRestAsOther() {
		// a 1/10, b 3/5, c 3/30, d 0/40, e 2/7: five past a bound of 3, two kept (c above b by bytes).
		DayCut cut = DayCut.of(COUNTS, BYTES, sent("b", 1, 5, "e", 2, 7), 3, DayCut.PANEL);
		assertThat(pairs(cut.setCounts())).isEqualTo(Map.of("b", "3", "(other)", "3"));
		assertThat(pairs(cut.setBytes())).isEqualTo(Map.of("b", "5", "(other)", "57"));
		assertThat(strings(cut.removed())).as("only the fields Redis held").containsExactlyInAnyOrder("a", "d");
		assertThat(cut.after().size()).as("c, b and (other)").isEqualTo(3);
	}

}

package io.logagg.parse;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** GoAccess's anonymisation levels, rewritten in place in a bigger buffer. */
class ClientAddressesTest {

	private static String anonymized(String address, int level) {
		byte[] line = ("[" + address + "]").getBytes(StandardCharsets.ISO_8859_1);
		int end = ClientAddresses.anonymize(line, 1, line.length - 1, level);
		if (end < 0) {
			return null;
		}
		assertThat(line[line.length - 1]).as("nothing written past the address").isEqualTo((byte) ']');
		return new String(line, 1, end - 1, StandardCharsets.ISO_8859_1);
	}

	@ParameterizedTest
	@CsvSource({ "192.0.2.123, 1, 192.0.2.0", "192.0.2.123, 2, 192.0.0.0", "192.0.2.123, 3, 192.0.0.0", "10.1.2.3, 3, 10.0.0.0",
			"1.2.3.4, 2, 1.2.0.0", "255.255.255.255, 1, 255.255.255.0",
			"2001:db8:85a3:8d3:1319:8a2e:370:7348, 1, 2001:db8:85a3:8d3::", "2001:db8:85a3:8d3:1319:8a2e:370:7348, 2, 2001:db8:85a3::",
			"2001:db8:85a3:8d3:1319:8a2e:370:7348, 3, 2001:db8::", "2001:DB8::1, 1, 2001:db8::", "fe80::1:2:3:4, 1, fe80::",
			"a::b:c:d:e:f, 1, a:0:0:b::", "::1, 1, ::", "::, 2, ::", "1::, 1, 1::", "::ffff:192.0.2.77, 1, ::ffff:192.0.2.0" })
	void keepsThePrefixOfTheLevelAndZeroesTheRest(String address, int level, String expected) {
		assertThat(anonymized(address, level)).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource({ "-", "example.com", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "1:2", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::",
			"gg::1", "1.2.3.4a" })
	void leavesWhatIsNoAddressAsItIs(String client) {
		assertThat(anonymized(client, 1)).isNull();
	}

	@Test
	void anonymizesEveryAddressInTheTextOfAMalformedLine() {
		assertThat(ClientAddresses.anonymizeText("192.0.2.123 - - [bad] from 2001:db8:1:2:3:4:5:6 via 10.0.0.77", 1))
			.isEqualTo("192.0.2.0 - - [bad] from 2001:db8:1:2:: via 10.0.0.0");
		assertThat(ClientAddresses.anonymizeText("version 1.2.3 at 12:30:45", 1)).as("no address in it")
			.isEqualTo("version 1.2.3 at 12:30:45");
	}

}

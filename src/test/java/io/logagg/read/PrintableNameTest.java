package io.logagg.read;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrintableNameTest {

	@Test
	void controlAndBidirectionalCharactersAreEscapedAndParsedBack() {
		for (String name : List.of("x\u001b]0;PWNED\u0007\u001b[2J.log", "/\u202egnp.exe", "a\\b\tc\u2066d.log", "plain.log")) {
			String printable = PrintableName.of(name);
			assertThat(printable.codePoints()).as(printable)
				.noneMatch(c -> Character.isISOControl(c) || PrintableName.isBidiControl(c));
			assertThat(PrintableName.parse(printable)).isEqualTo(name);
		}
		assertThat(PrintableName.of("/\u202egnp.exe")).isEqualTo("/\\u202egnp.exe");
	}

}

package io.logagg.parse;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EscapesTest {

	private static String decoded(String logged) {
		byte[] b = ("xx" + logged + "yy").getBytes(StandardCharsets.UTF_8);
		int end = Escapes.decodeInPlace(b, 2, b.length - 2);
		return new String(b, 2, end - 2, StandardCharsets.UTF_8);
	}

	@Test
	void eachServersEscapingOfOneRequestIsOneValue() {
		String sent = "/q\"u\\o";
		assertThat(decoded("/q\\x22u\\x5Co")).as("nginx").isEqualTo(sent);
		assertThat(decoded("/q\\\"u\\\\o")).as("Apache").isEqualTo(sent);
		assertThat(decoded("/q\\u0022u\\\\o")).as("JSON").isEqualTo(sent);
		assertThat(decoded("/caf\\u00e9/\\u20ac\\/x\\ty")).isEqualTo("/café/€/x\ty");
	}

	@Test
	void aBackslashThatStartsNoEscapeIsKept() {
		assertThat(decoded("/a\\qb\\x2")).isEqualTo("/a\\qb\\x2");
		assertThat(decoded("/end\\")).isEqualTo("/end\\");
		assertThat(decoded("/plain")).isEqualTo("/plain");
	}

}

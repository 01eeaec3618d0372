package io.logagg.config;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How settings bind: names users were given keep working, invalid values are refused. */
class LogaggPropertiesTest {

	@Test
	void aofRewriteIsOffByDefault() {
		assertThat(bind(Map.of()).snapshot().aof().rewrite()).isFalse();
	}

	@Test
	void flatAofRewriteNameTurnsOnTheRewrite() {
		assertThat(bind(Map.of("logagg.snapshot.aof-rewrite", "true")).snapshot().aof().rewrite()).isTrue();
	}

	@Test
	void nestedAofRewriteNameTurnsOnTheRewrite() {
		assertThat(bind(Map.of("logagg.snapshot.aof.rewrite", "true")).snapshot().aof().rewrite()).isTrue();
	}

	@Test
	void neitherNameCancelsTheOther() {
		assertThat(bind(Map.of("logagg.snapshot.aof-rewrite", "false", "logagg.snapshot.aof.rewrite", "true")).snapshot()
			.aof()
			.rewrite()).isTrue();
		assertThat(bind(Map.of("logagg.snapshot.aof-rewrite", "true", "logagg.snapshot.aof.rewrite", "false")).snapshot()
			.aof()
			.rewrite()).isTrue();
	}

	@Test
	void sourceNameThatCouldReachAnotherSourcesKeysIsRefused() {
		assertThatThrownBy(() -> bind(Map.of("logagg.source", "a}:b"))).isInstanceOf(BindException.class)
			.rootCause()
			.hasMessageContaining("invalid source name 'a}:b'");
	}

	private static LogaggProperties bind(Map<String, String> settings) {
		return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("logagg", LogaggProperties.class);
	}

}

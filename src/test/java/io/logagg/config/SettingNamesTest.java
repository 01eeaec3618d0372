package io.logagg.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SettingNamesTest {

	@Test
	void knowsEverySettingOfTheRecordsDashed() {
		assertThat(SettingNames.known()).contains("logagg.chunk-size", "logagg.on-rewritten-file",
				"logagg.snapshot.aof.appendfsync", "logagg.redis.retry.max-attempts", "logagg.history.keep-for",
				"logagg.forget-files-after");
	}

	@Test
	void suggestsTheNearestKnownName() {
		assertThat(SettingNames.nearest("logagg.chunck-size")).isEqualTo("logagg.chunk-size");
		assertThat(SettingNames.nearest("logagg.on-rewriten-file")).isEqualTo("logagg.on-rewritten-file");
		assertThat(SettingNames.nearest("logagg.snapshot.modee")).isEqualTo("logagg.snapshot.mode");
	}

}

package io.logagg.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

class RedisUrlTest {

	@ParameterizedTest
	@ValueSource(strings = { "redis://:S3cret%zzPw@127.0.0.1:6380", "redis://admin:S3cret@host:6379/0",
			"rediss://S3cret@host", "redis://u:S3cret@with@at@host:1", "REDIS://:S3cret#frag/x@host:6379"})
	void masksThePasswordOfAnyShapeOfUrl(String url) {
		String masked = RedisUrl.mask("Invalid Redis URL '" + url + "': at " + url);
		assertThat(masked).doesNotContain("S3cret").contains("***@");
	}

	@Test
	void keepsTheUserHostAndPort() {
		assertThat(RedisUrl.mask("redis://admin:pw@db.example:6380/2")).isEqualTo("redis://admin:***@db.example:6380/2");
		assertThat(RedisUrl.mask("no url here")).isEqualTo("no url here");
	}

	@ParameterizedTest
	@ValueSource(strings = { "redis://:S3cret%zzPw@127.0.0.1:6380", "redis://:S3cret@host:notaport", "http://host:6379",
			"redis://:S3#cret@host:6379", "redis://:S3/cret@host:6379", "redis://:S3cret@host:70000", "redis://:pa ss S3cret@host:6379",
			"redis://:it's S3cret@host:6379" })
	void refusesUrlsThatDoNotParseWithoutShowingThePassword(String url) {
		assertThatThrownBy(() -> RedisUrl.requireValid("spring.data.redis.url", url))
			.isInstanceOf(InvalidSettingException.class)
			.hasMessageContaining("invalid Redis URL")
			.hasMessageContaining("percent-encode")
			.hasMessageNotContaining("S3cret");
	}

	@ParameterizedTest
	@ValueSource(strings = { "redis://127.0.0.1:6379", "rediss://user:p%40ss@host:6380/0", "redis://host" })
	void acceptsWellFormedUrls(String url) {
		assertThatNoException().isThrownBy(() -> RedisUrl.requireValid("spring.data.redis.url", url));
	}

}

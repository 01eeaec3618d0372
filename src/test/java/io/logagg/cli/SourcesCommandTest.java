package io.logagg.cli;

import java.nio.file.Path;
import java.time.Instant;

import io.logagg.support.CliRun;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code sources} lists every source of a Redis with its checkpoint, counts and lag. */
class SourcesCommandTest {

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	@TempDir
	Path data;

	private CliRun logagg(String... args) {
		String[] all = new String[args.length + 4];
		System.arraycopy(args, 0, all, 0, args.length);
		System.arraycopy(new String[] { "--redis-url", redis.url(), "--data-dir", this.data.toString() }, 0, all, args.length, 4);
		return CliRun.of(all);
	}

	@Test
	void anEmptyRedisHasNoSourcesYet() {
		CliRun sources = logagg("sources");
		assertThat(sources.code()).as(sources.toString()).isZero();
		assertThat(sources.out()).contains("no source in this Redis yet");
		assertThat(logagg("sources", "--json").out().strip()).isEqualTo("[]");
	}

	@Test
	void everySourceIsListedWithItsCheckpointCountsAndLag() {
		Instant before = Instant.now().minusSeconds(1);
		assertThat(logagg("run", "--input", "sample-logs", "--source", "web-01", "--logagg.snapshot.mode=none").code()).isZero();
		assertThat(logagg("run", "--input", "sample-logs", "--pattern", "access-2026-11-20.log", "--source", "web-02",
				"--logagg.snapshot.mode=none").code()).isZero();

		CliRun json = logagg("sources", "--json");
		assertThat(json.code()).as(json.toString()).isZero();
		JsonNode list = JsonMapper.builder().build().readTree(json.out());
		assertThat(list).hasSize(2);
		JsonNode first = list.get(0);
		assertThat(first.get("source").asString()).isEqualTo("web-01");
		assertThat(first.get("file").asString()).isEqualTo("access-2026-11-22.log");
		assertThat(first.get("offset").asLong()).isEqualTo(211_308);
		assertThat(first.get("lines").asLong()).isEqualTo(4195);
		assertThat(first.get("malformed").asLong()).isEqualTo(5);
		assertThat(Instant.parse(first.get("updated").asString())).isAfter(before);
		assertThat(first.get("lagSeconds").asLong()).isBetween(0L, 60L);
		assertThat(list.get(1).get("source").asString()).isEqualTo("web-02");
		assertThat(list.get(1).get("file").asString()).isEqualTo("access-2026-11-20.log");
		assertThat(list.get(1).get("lines").asLong()).isLessThan(4195);

		CliRun text = logagg("sources");
		assertThat(text.out()).contains("web-01", "access-2026-11-22.log@211308", "4,195", "web-02").containsPattern("\\d+ s");
		assertThat(text.out().lines()).allMatch(line -> line.length() <= 100);
	}


	/** A key logagg never writes, in a shared Redis, breaks neither the listing nor a glob report. */
	@Test
	void strayKeysAreSkippedAndNeverPrintedRaw() {
		assertThat(logagg("run", "--input", "sample-logs", "--source", "web-01", "--logagg.snapshot.mode=none").code()).isZero();
		try (var jedis = redis.jedis()) {
			jedis.hset("logagg:{<img src=x>}:checkpoint", "file", "x");
			jedis.hset("logagg:{\u001b[2J}:checkpoint", "file", "x");
		}
		try {
			CliRun sources = logagg("sources", "--json");
			assertThat(sources.code()).as(sources.toString()).isZero();
			assertThat(sources.out()).contains("\"source\":\"web-01\"").doesNotContain("<img", "\u001b");
			CliRun report = logagg("report", "--json", "--source", "*");
			assertThat(report.code()).as(report.toString()).isZero();
			assertThat(report.out()).contains("\"sources\":[\"web-01\"]");
			CliRun none = logagg("report", "--source", "nothing-*");
			assertThat(none.code()).isEqualTo(2);
			assertThat(none.err()).contains("the sources are: web-01").doesNotContain("\u001b");
		}
		finally {
			try (var jedis = redis.jedis()) {
				jedis.del("logagg:{<img src=x>}:checkpoint", "logagg:{\u001b[2J}:checkpoint");
			}
		}
	}

}

package io.logagg.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.logagg.support.CliRun;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class VerifyCommandTest {

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	@TempDir
	Path data;

	@Test
	void theEmbeddedRedisFilesCheckOutAfterARun() {
		assertThat(CliRun.of("run", "--input", "sample-logs", "--data-dir", this.data.toString()).code()).isZero();

		CliRun verify = CliRun.of("verify", "--data-dir", this.data.toString());

		assertThat(verify.code()).as(verify.toString()).isZero();
		assertThat(verify.out()).contains("ok        redis: rdb_last_bgsave_status:ok", "aof_last_write_status:ok",
				"dump.rdb: redis-check-rdb ok", "appendonlydir: redis-check-aof ok", "healthy");
	}

	@Test
	void aCorruptSnapshotIsUnhealthyWithTheReason() throws IOException {
		Path directory = Files.createDirectories(this.data.resolve("copy-of-redis-dir"));
		Files.writeString(directory.resolve("dump.rdb"), "REDIS0011 but then garbage");

		CliRun verify = CliRun.of("verify", "--redis-url", redis.url(), "--redis-dir", directory.toString(), "--data-dir",
				this.data.toString());

		assertThat(verify.code()).isEqualTo(1);
		assertThat(verify.out()).contains("UNHEALTHY dump.rdb: redis-check-rdb failed").endsWith("unhealthy\n");
		assertThat(Files.readString(directory.resolve("dump.rdb"))).as("the file itself untouched")
			.isEqualTo("REDIS0011 but then garbage");
	}

}

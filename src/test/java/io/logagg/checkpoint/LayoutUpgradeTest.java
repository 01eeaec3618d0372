package io.logagg.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.logagg.support.CliRun;
import io.logagg.support.IndependentCount;
import io.logagg.support.LoggingServer;
import io.logagg.support.Logrotate.Scheme;
import io.logagg.support.Logrotate;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A source checkpointed before files had records (a file name, an offset and that file's
 * identity, nothing else) goes on without reading a line again or skipping one, and its first
 * commit stores the records.
 */
class LayoutUpgradeTest {

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	@TempDir
	Path work;

	private CliRun run(Path input) {
		List<String> args = new ArrayList<>(List.of("run", "--input", input.toString(), "--redis-url", redis.url(),
				"--data-dir", this.work.resolve("data").toString(), "--logagg.snapshot.mode=none"));
		CliRun run = CliRun.of(args.toArray(String[]::new));
		assertThat(run.code()).as(run.toString()).isZero();
		return run;
	}

	/** Leaves in Redis what the layout before file records would have: the checkpoint alone. */
	private static void downgrade() {
		try (Jedis jedis = redis.jedis()) {
			jedis.hdel("logagg:{default}:checkpoint", "record");
			jedis.del("logagg:{default}:files");
		}
	}

	@Test
	void dateNamedFilesGoOnFromTheOldCheckpoint() throws IOException {
		Path input = Files.createDirectories(this.work.resolve("logs"));
		try (LoggingServer older = new LoggingServer(input.resolve("access-2026-11-20.log"), 1, 0.01);
				LoggingServer newer = new LoggingServer(input.resolve("access-2026-11-21.log"), 2, 0.01)) {
			older.write(700);
			newer.write(300);
			run(input);
			downgrade();
			newer.write(40);
			try (LoggingServer newest = new LoggingServer(input.resolve("access-2026-11-22.log"), 3, 0.01)) {
				newest.write(60);

				CliRun upgraded = run(input);

				assertThat(upgraded.out()).contains("lines=" + (100 - countMalformed(newer, newest)));
				List<byte[]> all = new ArrayList<>(older.written());
				all.addAll(newer.written());
				all.addAll(newest.written());
				assertThat(redis.aggregates("default"))
					.isEqualTo(IndependentCount.of(all, IndependentCount.DEFAULT_MAX_LINE_BYTES));
				try (Jedis jedis = redis.jedis()) {
					assertThat(jedis.hlen("logagg:{default}:files")).as("every file has its record").isEqualTo(3);
					assertThat(jedis.hget("logagg:{default}:checkpoint", "record")).isNotNull();
				}
				assertThat(run(input).out()).contains("lines=0 malformed=0");
			}
		}
	}

	@Test
	void aCheckpointedFileRotatedBeforeTheUpgradeIsReadOnUnderItsNewName() throws Exception {
		Path input = Files.createDirectories(this.work.resolve("nginx"));
		Path log = input.resolve("access.log");
		Logrotate logrotate = new Logrotate(log, Scheme.DELAYCOMPRESS, this.work);
		try (LoggingServer server = new LoggingServer(log, 4, 0.01)) {
			server.write(500);
			run(input);
			downgrade();
			server.write(30);
			logrotate.rotate();
			server.write(4);
			server.reopen();
			server.write(12);

			run(input);

			assertThat(redis.aggregates("default")).isEqualTo(server.count());
		}
	}

	private static long countMalformed(LoggingServer newer, LoggingServer newest) {
		List<byte[]> fresh = new ArrayList<>(newer.written().subList(300, 340));
		fresh.addAll(newest.written());
		return IndependentCount.of(fresh, IndependentCount.DEFAULT_MAX_LINE_BYTES).malformed();
	}

}

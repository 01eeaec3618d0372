package io.logagg.job;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.logagg.support.Await;
import io.logagg.support.CliRun;
import io.logagg.support.DataSet;
import io.logagg.support.IndependentCount;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

/** logagg.redis.wait-replicas: a chunk counts as committed once enough replicas have it. */
class ReplicationTest {

	@RegisterExtension
	static RedisServerExtension master = new RedisServerExtension();

	@RegisterExtension
	static RedisServerExtension replica = new RedisServerExtension(
			port -> List.of("--save", "", "--replicaof", "127.0.0.1", Integer.toString(master.port())));

	@TempDir
	static Path input;

	static List<Path> files;

	@TempDir
	Path data;

	@BeforeAll
	static void generate() throws IOException {
		files = DataSet.generate(input, 1, 5_000);
		Await.until("the replica to be in sync", Duration.ofSeconds(60), () -> {
			try (Jedis jedis = master.jedis()) {
				return jedis.info("replication").contains("state=online");
			}
		});
	}

	private CliRun run(String... extra) {
		List<String> args = new ArrayList<>(List.of("run", "--input", input.toString(), "--redis-url", master.url(),
				"--data-dir", this.data.toString(), "--logagg.snapshot.mode=none"));
		args.addAll(List.of(extra));
		return CliRun.of(args.toArray(String[]::new));
	}

	@Test
	void everyChunkIsOnTheReplicaWhenTheRunEnds() throws IOException {
		CliRun run = run("--logagg.redis.wait-replicas=1");

		assertThat(run.code()).as(run.toString()).isZero();
		// WAIT returned for every chunk, so the replica has all of them the moment the run ends.
		assertThat(replica.checkpoint("default")).isEqualTo(master.checkpoint("default")).isNotNull();
		assertThat(replica.aggregates("default")).isEqualTo(IndependentCount.ofFiles(files));
	}

	@Test
	void reportAndStatusReadFromAReplica() {
		assertThat(run("--logagg.redis.wait-replicas=1").code()).isZero();
		CliRun report = CliRun.of("report", "--json", "--replica-url", replica.url(), "--redis-url", "redis://127.0.0.1:1",
				"--data-dir", this.data.toString());
		CliRun status = CliRun.of("status", "--json", "--replica-url", replica.url(), "--data-dir", this.data.toString());

		assertThat(report.code()).as(report.toString()).isZero();
		assertThat(report.out()).contains("\"lines\":" + master.aggregates("default").lines());
		assertThat(status.code()).as(status.toString()).isZero();
		assertThat(status.out()).contains("\"file\":\"access-0.log\"");
		CliRun configured = CliRun.of("report", "--json", "--redis-url", "redis://127.0.0.1:1",
				"--logagg.redis.replica-url=" + replica.url(), "--data-dir", this.data.toString());
		assertThat(configured.code()).as(configured.toString()).isZero();
		assertThat(configured.out()).contains("\"lines\":" + master.aggregates("default").lines());
	}

	@Test
	void tooFewReplicasStopTheRunAfterTheChunkTheyMissed() throws IOException {
		CliRun run = run("--logagg.redis.wait-replicas=2", "--logagg.redis.wait-timeout=100ms",
				"--logagg.redis.wait-attempts=2");

		assertThat(run.code()).isEqualTo(1);
		assertThat(run.err()).contains("only 1 of 2 replica(s) acknowledged the chunk ending at access-0.log@");
		assertThat(run.err().lines()).hasSize(1);
		String[] position = master.checkpoint("default").split("@");
		assertThat(master.aggregates("default"))
			.isEqualTo(DataSet.countBefore(files, position[0], Long.parseLong(position[1])));
		assertThat(master.aggregates("default").lines()).isLessThan(5_000);
	}

}

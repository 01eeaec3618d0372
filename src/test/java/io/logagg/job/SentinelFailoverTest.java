package io.logagg.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.logagg.redis.RedisServerBinary;
import io.logagg.redis.RedisServerProcess;
import io.logagg.support.Await;
import io.logagg.support.CliRun;
import io.logagg.support.DataSet;
import io.logagg.support.IndependentCount;
import io.logagg.support.LogaggProcess;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A master, a replica and three Sentinels on loopback: the master is killed mid-run; after the
 * promotion, {@code restart} finishes on the new master with exact totals.
 */
class SentinelFailoverTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(120);

	@RegisterExtension
	static RedisServerExtension master = new RedisServerExtension();

	@RegisterExtension
	static RedisServerExtension replica = new RedisServerExtension(
			port -> List.of("--save", "", "--replicaof", "127.0.0.1", Integer.toString(master.port())));

	static final List<Process> sentinels = new ArrayList<>();

	static final List<Integer> sentinelPorts = new ArrayList<>();

	@TempDir
	static Path work;

	static List<Path> files;

	@TempDir
	Path data;

	@TempDir
	Path logs;

	@BeforeAll
	static void startSentinels() throws Exception {
		files = DataSet.generate(Files.createDirectories(work.resolve("input")), 2, 50_000);
		Await.until("the replica to be in sync", TIMEOUT, () -> {
			try (Jedis jedis = master.jedis()) {
				return jedis.info("replication").contains("state=online");
			}
		});
		Path binary = RedisServerBinary.locate(work.resolve("bin"));
		for (int i = 0; i < 3; i++) {
			int port = io.logagg.support.ServerPorts.free();
			Path config = work.resolve("sentinel-" + i + ".conf");
			Files.writeString(config, "port " + port + "\nbind 127.0.0.1\nsentinel monitor mymaster 127.0.0.1 " + master.port()
					+ " 2\nsentinel down-after-milliseconds mymaster 1000\nsentinel failover-timeout mymaster 5000\n");
			sentinels.add(new ProcessBuilder(binary.toString(), config.toString(), "--sentinel")
				.redirectErrorStream(true)
				.redirectOutput(work.resolve("sentinel-" + i + ".log").toFile())
				.start());
			sentinelPorts.add(port);
		}
		for (int port : sentinelPorts) {
			Await.until("sentinel " + port, TIMEOUT, () -> RedisServerProcess.ping(port));
		}
	}

	@AfterAll
	static void stopSentinels() {
		sentinels.forEach(Process::destroyForcibly);
	}

	private List<String> args(String command, String... extra) {
		List<String> args = new ArrayList<>(List.of(command, "--data-dir", this.data.toString(),
				"--spring.data.redis.sentinel.master=mymaster", "--spring.data.redis.sentinel.nodes="
						+ String.join(",", sentinelPorts.stream().map(port -> "127.0.0.1:" + port).toList()),
				"--logagg.snapshot.mode=none"));
		if (command.equals("run")) {
			args.addAll(List.of("--input", work.resolve("input").toString()));
		}
		args.addAll(List.of(extra));
		return args;
	}

	@Test
	void masterKilledMidRunRestartFinishesOnThePromotedReplica() throws Exception {
		LogaggProcess run = LogaggProcess.start(this.logs, args("run", "--logagg.chunk-size=10", "--logagg.chunk-growth=1",
				"--logagg.redis.wait-replicas=1", "--logagg.redis.retry.max-attempts=3").toArray(String[]::new));
		Await.until("the run to commit", TIMEOUT, () -> {
			IndependentCount stored = master.aggregates("default");
			return stored.lines() + stored.malformed() >= 5_000 || !run.isAlive();
		});
		assertThat(run.isAlive()).as("run still going").isTrue();

		master.kill();
		Await.until("every Sentinel to name the replica as master", TIMEOUT, () -> {
			for (int port : sentinelPorts) {
				try (Jedis sentinel = new Jedis("127.0.0.1", port)) {
					List<String> address = sentinel.sentinelGetMasterAddrByName("mymaster");
					if (!address.get(1).equals(Integer.toString(replica.port()))) {
						return false;
					}
				}
			}
			try (Jedis jedis = replica.jedis()) {
				return jedis.info("replication").contains("role:master");
			}
		});
		int code = run.waitFor(TIMEOUT);

		// The run either carried on against the new master or failed cleanly; either way the new
		// master holds exactly the lines before its checkpoint: every chunk the run saw
		// acknowledged by the replica (WAIT 1) is there.
		assertThat(code).as(run.err()).isIn(0, 1);
		String[] position = replica.checkpoint("default").split("@");
		assertThat(replica.aggregates("default"))
			.isEqualTo(DataSet.countBefore(files, position[0], Long.parseLong(position[1])));

		// The new master has no replica left: the restart cannot wait for one.
		CliRun restart = CliRun.of(args(code == 0 ? "run" : "restart").toArray(String[]::new));
		assertThat(restart.code()).as(restart.toString()).isZero();
		assertThat(replica.aggregates("default")).isEqualTo(IndependentCount.ofFiles(files));
	}

}

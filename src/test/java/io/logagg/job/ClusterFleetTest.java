package io.logagg.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.logagg.support.Await;
import io.logagg.support.CliRun;
import io.logagg.support.DataSet;
import io.logagg.support.IndependentCount;
import io.logagg.support.LogaggProcess;
import io.logagg.support.RedisAggregates;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Twelve sources in one {@code run --all-sources} against a Redis Cluster of three masters, each
 * with a replica: the sources spread over the masters by their hash tags; one master is killed
 * with kill -9 mid-run and its replica promoted; after the next run every source equals an
 * independent count of its files. A transaction replicates whole, so a commit the promoted
 * replica missed is missing with its checkpoint, and is read again.
 */
class ClusterFleetTest {

	private static final List<String> CLUSTER = List.of("--save", "", "--appendonly", "no", "--cluster-enabled", "yes",
			"--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "1500");

	@RegisterExtension
	static RedisServerExtension m1 = new RedisServerExtension(port -> CLUSTER).sharingDataBetweenTests();

	@RegisterExtension
	static RedisServerExtension m2 = new RedisServerExtension(port -> CLUSTER).sharingDataBetweenTests();

	@RegisterExtension
	static RedisServerExtension m3 = new RedisServerExtension(port -> CLUSTER).sharingDataBetweenTests();

	@RegisterExtension
	static RedisServerExtension r1 = new RedisServerExtension(port -> CLUSTER).sharingDataBetweenTests();

	@RegisterExtension
	static RedisServerExtension r2 = new RedisServerExtension(port -> CLUSTER).sharingDataBetweenTests();

	@RegisterExtension
	static RedisServerExtension r3 = new RedisServerExtension(port -> CLUSTER).sharingDataBetweenTests();

	private static final List<String> SOURCES = List.of("web-01", "web-02", "web-03", "web-04", "web-05", "web-06", "web-07",
			"web-08", "web-09", "web-10", "web-11", "web-12");

	@TempDir
	static Path work;

	static List<RedisServerExtension> nodes() {
		return List.of(m1, m2, m3, r1, r2, r3);
	}

	@BeforeAll
	static void createCluster() throws Exception {
		List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
		nodes().forEach(node -> create.add("127.0.0.1:" + node.port()));
		create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
		Process process = new ProcessBuilder(create).redirectErrorStream(true)
			.redirectOutput(work.resolve("cluster-create.txt").toFile())
			.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		for (RedisServerExtension node : nodes()) {
			Await.until("the cluster to be ok on " + node.port(), Duration.ofSeconds(60), () -> {
				try (Jedis jedis = node.jedis()) {
					return jedis.clusterInfo().contains("cluster_state:ok");
				}
			});
		}
		// Every replica attached to its master, so that a failover has someone to promote.
		Await.until("three replicas in sync", Duration.ofSeconds(60), () -> nodes().stream().filter(node -> {
			try (Jedis jedis = node.jedis()) {
				String replication = jedis.info("replication");
				return replication.contains("role:slave") && replication.contains("master_link_status:up");
			}
		}).count() == 3);
	}

	/** The node that now serves a slot as master, asked of the surviving nodes. */
	private static RedisServerExtension owner(String source) {
		int slot = JedisClusterCRC16.getSlot("logagg:{" + source + "}:checkpoint");
		for (RedisServerExtension node : nodes()) {
			try (Jedis jedis = node.jedis()) {
				for (Object range : jedis.clusterSlots()) {
					List<?> fields = (List<?>) range;
					int port = ((Long) ((List<?>) fields.get(2)).get(1)).intValue();
					if (slot >= (Long) fields.get(0) && slot <= (Long) fields.get(1)) {
						return nodes().stream().filter(n -> n.port() == port).findFirst().orElseThrow();
					}
				}
			}
			catch (RuntimeException ex) {
				// a killed node: ask the next
			}
		}
		throw new AssertionError("no owner for slot " + slot);
	}

	private static IndependentCount stored(String source) {
		try (Jedis jedis = owner(source).jedis()) {
			return RedisAggregates.read(jedis, source);
		}
	}

	@Test
	void twelveSourcesEndExactAfterAMasterIsKilledMidRunAndItsReplicaPromoted(@TempDir Path logs) throws Exception {
		Map<String, List<Path>> files = new LinkedHashMap<>();
		List<String> settings = new ArrayList<>();
		for (int i = 0; i < SOURCES.size(); i++) {
			Path input = Files.createDirectories(work.resolve("logs").resolve(SOURCES.get(i)));
			files.put(SOURCES.get(i), DataSet.generate(input, 1 + i % 2, 5_000));
			settings.addAll(List.of("--logagg.sources[" + i + "].name=" + SOURCES.get(i), "--logagg.sources[" + i + "].input=" + input,
					"--logagg.sources[" + i + "].pattern=access-*.log"));
		}
		String cluster = nodes().stream().map(node -> "127.0.0.1:" + node.port()).collect(Collectors.joining(","));
		settings.addAll(List.of("--data-dir", work.resolve("data").toString(), "--spring.data.redis.cluster.nodes=" + cluster,
				"--logagg.snapshot.mode=none", "--logagg.threads=4", "--logagg.chunk-size=200"));
		Map<RedisServerExtension, Long> perMaster = SOURCES.stream()
			.collect(Collectors.groupingBy(ClusterFleetTest::owner, Collectors.counting()));
		assertThat(perMaster).as("sources per master").hasSize(3);
		RedisServerExtension victim = owner("web-01");

		List<String> args = new ArrayList<>(List.of("run", "--all-sources"));
		args.addAll(settings);
		LogaggProcess run = LogaggProcess.start(logs, args.toArray(String[]::new));
		Await.until("web-01 to commit some chunks", Duration.ofMinutes(2), () -> stored("web-01").lines() >= 1_000 || !run.isAlive());
		assertThat(run.isAlive()).as("still running when its master is killed").isTrue();
		victim.kill();
		Await.until("a replica promoted in its place", Duration.ofSeconds(60), () -> owner("web-01") != victim);
		// Retries carry the run over the failover, or its sources on that master fail alone (exit 1).
		assertThat(run.waitFor(Duration.ofMinutes(3))).as(run.err()).isIn(0, 1);
		System.out.printf("the run during the failover:%n%s%s", run.out(), run.err().lines()
			.filter(line -> line.startsWith("logagg:") || line.contains("WARN") || line.contains("ERROR"))
			.collect(Collectors.joining("\n", "", "\n")));

		CliRun last = CliRun.of(args.toArray(String[]::new));

		assertThat(last.code()).as(last.toString()).isZero();
		for (String source : SOURCES) {
			assertThat(stored(source)).as(source).isEqualTo(IndependentCount.ofFiles(files.get(source)));
		}
	}

}

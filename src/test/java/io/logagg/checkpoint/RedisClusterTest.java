package io.logagg.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.logagg.support.Await;
import io.logagg.support.CliRun;
import io.logagg.support.DataSet;
import io.logagg.support.IndependentCount;
import io.logagg.support.RedisAggregates;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A three-master Redis Cluster made with {@code redis-cli --cluster create}: each source's keys
 * share one hash tag, so its transaction runs on the master that owns that slot.
 */
class RedisClusterTest {

	private static final List<String> CLUSTER = List.of("--save", "", "--appendonly", "no", "--cluster-enabled", "yes",
			"--cluster-config-file", "nodes.conf");

	@RegisterExtension
	static RedisServerExtension first = new RedisServerExtension(port -> CLUSTER);

	@RegisterExtension
	static RedisServerExtension second = new RedisServerExtension(port -> CLUSTER);

	@RegisterExtension
	static RedisServerExtension third = new RedisServerExtension(port -> CLUSTER);

	@TempDir
	static Path input;

	static List<Path> files;

	@TempDir
	Path data;

	@BeforeAll
	static void createCluster() throws Exception {
		files = DataSet.generate(input, 2, 3_000);
		Process create = new ProcessBuilder("redis-cli", "--cluster", "create", "127.0.0.1:" + first.port(),
				"127.0.0.1:" + second.port(), "127.0.0.1:" + third.port(), "--cluster-replicas", "0", "--cluster-yes")
			.redirectErrorStream(true)
			.redirectOutput(input.resolve("cluster-create.txt").toFile())
			.start();
		assertThat(create.waitFor(60, TimeUnit.SECONDS)).isTrue();
		for (RedisServerExtension node : List.of(first, second, third)) {
			Await.until("the cluster to be ok", Duration.ofSeconds(60), () -> {
				try (Jedis jedis = node.jedis()) {
					return jedis.clusterInfo().contains("cluster_state:ok");
				}
			});
		}
	}

	/** The node that owns a source's slot, from CLUSTER SLOTS' ranges as the create command made them. */
	private static RedisServerExtension owner(String source) {
		int slot = JedisClusterCRC16.getSlot("logagg:{" + source + "}:checkpoint");
		for (RedisServerExtension node : List.of(first, second, third)) {
			try (Jedis jedis = node.jedis()) {
				for (Object range : jedis.clusterSlots()) {
					List<?> fields = (List<?>) range;
					List<?> master = (List<?>) fields.get(2);
					if (slot >= (Long) fields.get(0) && slot <= (Long) fields.get(1)
							&& ((Long) master.get(1)).intValue() == node.port()) {
						return node;
					}
				}
			}
		}
		throw new AssertionError("no owner for slot " + slot);
	}

	@Test
	void twoSourcesOnDifferentMastersAggregateExactly() throws IOException {
		String a = "web";
		String b = null;
		for (int i = 0; b == null; i++) {
			if (owner("api-" + i) != owner(a)) {
				b = "api-" + i;
			}
		}
		String nodes = "127.0.0.1:" + first.port() + ",127.0.0.1:" + second.port() + ",127.0.0.1:" + third.port();
		for (String source : List.of(a, b)) {
			List<String> args = new ArrayList<>(List.of("run", "--input", input.toString(), "--source", source, "--data-dir",
					this.data.toString(), "--spring.data.redis.cluster.nodes=" + nodes));
			CliRun run = CliRun.of(args.toArray(String[]::new));
			assertThat(run.code()).as(run.toString()).isZero();
			// Nothing new: the idle run finds the checkpoint on the source's master and saves every master.
			CliRun idle = CliRun.of(args.toArray(String[]::new));
			assertThat(idle.code()).as(idle.toString()).isZero();
			assertThat(idle.out()).contains("lines=0 malformed=0");
		}

		IndependentCount expected = IndependentCount.ofFiles(files);
		for (String source : List.of(a, b)) {
			try (Jedis jedis = owner(source).jedis()) {
				assertThat(RedisAggregates.read(jedis, source)).as(source).isEqualTo(expected);
				assertThat(RedisAggregates.checkpoint(jedis, source)).startsWith("access-1.log@");
			}
		}
		assertThat(owner(a)).isNotSameAs(owner(b));

		// One report of both: their HyperLogLogs live on two masters, where one PFCOUNT cannot read both.
		JsonNode one = report(a, nodes);
		JsonNode both = report(a + "," + b, nodes);
		assertThat(both.get("sources").size()).isEqualTo(2);
		assertThat(both.get("lines").asLong()).isEqualTo(2 * one.get("lines").asLong());
		assertThat(both.get("visitors").asLong()).as("the same lines, so the same visitors").isEqualTo(one.get("visitors").asLong())
			.isPositive();
		for (RedisServerExtension node : List.of(first, second, third)) {
			try (Jedis jedis = node.jedis()) {
				assertThat(jedis.keys("logagg:{report-*")).as("the report's copies deleted").isEmpty();
			}
		}
	}

	private JsonNode report(String source, String nodes) {
		CliRun report = CliRun.of("report", "--json", "--source", source, "--data-dir", this.data.toString(),
				"--spring.data.redis.cluster.nodes=" + nodes);
		assertThat(report.code()).as(report.toString()).isZero();
		return JsonMapper.builder().build().readTree(report.out());
	}

}

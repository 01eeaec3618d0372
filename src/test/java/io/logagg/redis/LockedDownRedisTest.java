package io.logagg.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import io.logagg.bench.AccessLogGenerator;
import io.logagg.support.CliRun;
import io.logagg.support.IndependentCount;
import io.logagg.support.RedisAggregates;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real servers set up the way production ones are: ACL users, TLS, a memory limit, a replica.
 * Each refusal is one clear line and leaves the checkpoint alone; no secret is ever printed.
 */
class LockedDownRedisTest {

	@RegisterExtension
	static RedisServerExtension acl = new RedisServerExtension("--save", "", "--appendonly", "no", "--user", "reader", "on",
			">reader-Pa55", "~*", "+@read", "+ping", "--user", "app", "on", ">app-Pa55", "~logagg:*", "+@all");

	@RegisterExtension
	static RedisServerExtension tls = RedisServerExtension.tls();

	@RegisterExtension
	static RedisServerExtension small = new RedisServerExtension("--save", "", "--appendonly", "no",
			"--maxmemory-policy", "noeviction");

	@RegisterExtension
	static RedisServerExtension evicting = new RedisServerExtension("--save", "", "--appendonly", "no", "--maxmemory",
			"100mb", "--maxmemory-policy", "allkeys-lru");

	@RegisterExtension
	static RedisServerExtension master = new RedisServerExtension();

	@RegisterExtension
	static RedisServerExtension replica = new RedisServerExtension(
			port -> List.of("--save", "", "--replicaof", "127.0.0.1", Integer.toString(master.port())));

	@TempDir
	Path input;

	@TempDir
	Path data;

	@BeforeEach
	void writeLogs() throws IOException {
		new AccessLogGenerator(3, ZonedDateTime.parse("2026-11-20T00:00:00Z"), 0.01).write(this.input.resolve("a.log"), 3000);
	}

	private CliRun run(String url, String... extra) {
		List<String> args = new ArrayList<>(List.of("run", "--input", this.input.toString(), "--data-dir",
				this.data.toString(), "--redis-url", url));
		args.addAll(List.of(extra));
		return CliRun.of(args.toArray(String[]::new));
	}

	private IndependentCount expected() throws IOException {
		try (var files = Files.list(this.input)) {
			return IndependentCount.ofFiles(files.sorted().toList());
		}
	}

	@Test
	void aclUserWithPasswordAggregatesExactly() throws IOException {
		CliRun run = run("redis://app:app-Pa55@127.0.0.1:" + acl.port());

		assertThat(run.code()).as(run.toString()).isZero();
		try (Jedis jedis = acl.jedis()) {
			assertThat(RedisAggregates.read(jedis, "default")).isEqualTo(expected());
		}
		assertThat(run.out() + run.err()).doesNotContain("app-Pa55");

		CliRun idle = run("redis://app:app-Pa55@127.0.0.1:" + acl.port());
		assertThat(idle.code()).as(idle.toString()).isZero();
		assertThat(idle.out()).contains("lines=0 malformed=0").doesNotContain("app-Pa55");
	}

	@Test
	void aclUserWithoutWritePermissionIsAConfigurationErrorInOneLine() {
		CliRun run = run("redis://reader:reader-Pa55@127.0.0.1:" + acl.port());

		assertThat(run.code()).as(run.toString()).isEqualTo(2);
		assertThat(run.err()).contains("the Redis user lacks a permission logagg needs").contains("NOPERM");
		assertThat(run.err().lines()).hasSize(1);
		assertThat(run.out() + run.err()).doesNotContain("reader-Pa55");
		try (Jedis jedis = acl.jedis()) {
			assertThat(RedisAggregates.checkpoint(jedis, "default")).isNull();
		}
	}

	@Test
	void wrongAclPasswordIsAConfigurationErrorWithoutThePassword() {
		CliRun run = run("redis://app:not-the-Pa55@127.0.0.1:" + acl.port());

		assertThat(run.code()).isEqualTo(2);
		assertThat(run.err()).contains("Redis refused the credentials");
		assertThat(run.out() + run.err()).doesNotContain("not-the-Pa55");
	}

	@Test
	void tlsWithTheCaFileAggregatesExactly() throws IOException {
		CliRun run = run(tls.url(), "--redis-ca-file", tls.certificates().ca().toString());

		assertThat(run.code()).as(run.toString()).isZero();
		try (Jedis jedis = tls.jedis()) {
			assertThat(RedisAggregates.read(jedis, "default")).isEqualTo(expected());
		}

		CliRun idle = run(tls.url(), "--redis-ca-file", tls.certificates().ca().toString());
		assertThat(idle.code()).as(idle.toString()).isZero();
		assertThat(idle.out()).contains("lines=0 malformed=0");
	}

	@Test
	void tlsWithoutTrustingTheCaIsRefusedInOneLine() {
		CliRun run = run(tls.url());

		assertThat(run.code()).isEqualTo(2);
		assertThat(run.err()).contains("cannot use Redis at 127.0.0.1:" + tls.port());
		assertThat(run.err().lines()).hasSize(1);
	}

	@Test
	void outOfMemoryFailsTheRunAndLeavesTheCheckpointAlone() throws IOException {
		CliRun first = run(small.url(), "--logagg.snapshot.mode=none");
		assertThat(first.code()).as(first.toString()).isZero();
		String checkpoint;
		try (Jedis jedis = small.jedis()) {
			checkpoint = RedisAggregates.checkpoint(jedis, "default");
			// Below what the server already uses: every write that may grow memory is refused.
			jedis.configSet("maxmemory", "1mb");
		}
		new AccessLogGenerator(4, ZonedDateTime.parse("2026-11-21T00:00:00Z"), 0).write(this.input.resolve("b.log"), 3000);

		CliRun second = run(small.url(), "--logagg.snapshot.mode=none");

		assertThat(second.code()).as(second.toString()).isEqualTo(1);
		assertThat(second.err()).contains("Redis is out of memory");
		assertThat(second.err().lines()).hasSize(1);
		try (Jedis jedis = small.jedis()) {
			jedis.configSet("maxmemory", "0");
			assertThat(RedisAggregates.checkpoint(jedis, "default")).isEqualTo(checkpoint);
			assertThat(RedisAggregates.read(jedis, "default"))
				.isEqualTo(IndependentCount.ofFiles(List.of(this.input.resolve("a.log"))));
		}
	}

	/** allkeys-* would evict the checkpoint itself; volatile-* the per-day aggregates, which have a TTL. */
	@Test
	void aRedisThatEvictsKeysWhenFullIsRefusedBeforeAnythingIsWritten() {
		for (String policy : List.of("allkeys-lru", "volatile-lru", "volatile-ttl", "allkeys-random")) {
			try (Jedis jedis = evicting.jedis()) {
				jedis.configSet("maxmemory-policy", policy);
			}

			CliRun run = run(evicting.url(), "--logagg.snapshot.mode=none");

			assertThat(run.code()).as(run.toString()).isEqualTo(2);
			assertThat(run.err()).contains("maxmemory-policy " + policy, "Set maxmemory-policy noeviction");
			assertThat(run.err().lines()).hasSize(1);
			try (Jedis jedis = evicting.jedis()) {
				assertThat(jedis.keys("logagg:*")).as(policy).isEmpty();
			}
		}
		try (Jedis jedis = evicting.jedis()) {
			// Without a maxmemory nothing is ever evicted, whatever the policy.
			jedis.configSet("maxmemory", "0");
		}
		CliRun unlimited = run(evicting.url(), "--logagg.snapshot.mode=none");
		assertThat(unlimited.code()).as(unlimited.toString()).isZero();
	}

	@Test
	void aReadOnlyReplicaIsAConfigurationError() {
		CliRun run = run(replica.url());

		assertThat(run.code()).as(run.toString()).isEqualTo(2);
		assertThat(run.err()).contains("read-only replica");
		assertThat(run.err().lines()).hasSize(1);
		try (Jedis jedis = master.jedis()) {
			assertThat(jedis.keys("logagg:*")).isEmpty();
		}
	}

}

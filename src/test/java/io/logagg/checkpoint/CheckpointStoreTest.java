package io.logagg.checkpoint;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.logagg.aggregate.AggregateSettings;
import io.logagg.aggregate.ChunkDelta;
import io.logagg.aggregate.PendingFold;
import io.logagg.config.LogaggProperties;
import io.logagg.parse.AccessLogEntry;
import io.logagg.read.FilePosition;
import io.logagg.read.ReadLine;
import io.logagg.support.IndependentCount;
import io.logagg.support.RedisAggregates;
import io.logagg.support.RedisServerExtension;
import io.logagg.support.ReplyLosingProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.params.ClientKillParams;
import redis.clients.jedis.params.ClientKillParams.SkipMe;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointStoreTest {

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	private JedisConnectionFactory connectionFactory;

	private final KeyLayout keys = new KeyLayout("web");

	@BeforeEach
	void connect() {
		this.connectionFactory = connectionFactory(redis.port());
	}

	private static JedisConnectionFactory connectionFactory(int port) {
		JedisConnectionFactory factory = new JedisConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	@AfterEach
	void disconnect() {
		this.connectionFactory.destroy();
	}

	private static ChunkCommit chunk(String file, long end, int status) {
		return ChunkDelta.of(List.of(new ReadLine(new FilePosition(file, end), new AccessLogEntry(status, 0, "/p", 10)),
				new ReadLine(new FilePosition(file, end + 1), null)), 100).commit();
	}

	private IndependentCount stored() {
		try (Jedis jedis = redis.jedis()) {
			return RedisAggregates.read(jedis, "web");
		}
	}

	@Test
	void startsAtTheBeginningWithoutACheckpoint() {
		assertThat(new CheckpointStore(this.connectionFactory, this.keys).start()).isEqualTo(FilePosition.BEGINNING);
	}

	@Test
	void commitAppliesTheAggregatesAndMovesTheCheckpointTogether() {
		CheckpointStore store = new CheckpointStore(this.connectionFactory, this.keys);
		store.commit(chunk("a.log", 100, 200));
		store.commit(chunk("b.log", 50, 404));

		assertThat(new CheckpointStore(this.connectionFactory, this.keys).load()).isEqualTo(new FilePosition("b.log", 51));
		assertThat(stored()).isEqualTo(new IndependentCount(2, 2, 20, Map.of("200", 1L, "404", 1L),
				Map.of("1970-01-01T00:00", 2L), Map.of("/p", 2L)));
		try (Jedis jedis = redis.jedis()) {
			assertThat(jedis.keys("*")).allMatch(key -> key.startsWith("logagg:{web}:"));
		}
	}

	@Test
	void commitFailsAndAppliesNothingWhenAnotherRunnerMovedTheCheckpoint() {
		CheckpointStore first = new CheckpointStore(this.connectionFactory, this.keys);
		CheckpointStore second = new CheckpointStore(this.connectionFactory, this.keys);
		assertThat(first.start()).isEqualTo(second.start());

		second.commit(chunk("a.log", 100, 200));

		assertThatThrownBy(() -> first.commit(chunk("a.log", 100, 200))).isInstanceOf(CheckpointMovedException.class)
			.hasMessageContaining("expected the beginning but found a.log@101")
			.hasMessageContaining("nothing of this chunk was applied");
		assertThat(stored().lines()).isEqualTo(1);
	}

	@Test
	void aChunkRetriedAfterItWasAppliedIsRefused() {
		CheckpointStore store = new CheckpointStore(this.connectionFactory, this.keys);
		ChunkCommit chunk = chunk("a.log", 100, 200);
		store.commit(chunk);

		// A second store that still believes in the old position stands for a retry whose
		// first attempt did reach Redis.
		CheckpointStore retry = new CheckpointStore(this.connectionFactory, this.keys);
		try (Jedis jedis = redis.jedis()) {
			jedis.del(this.keys.checkpoint());
			retry.start();
			jedis.hset(this.keys.checkpoint(), Map.of("file", "a.log", "offset", "101"));
		}
		assertThatThrownBy(() -> retry.commit(chunk)).isInstanceOf(CheckpointMovedException.class);
		assertThat(stored().lines()).isEqualTo(1);
	}

	@Test
	void theCheckpointStaysWatchedBetweenCommits() {
		try (CheckpointStore store = new CheckpointStore(this.connectionFactory, this.keys)) {
			store.commit(chunk("a.log", 100, 200));
			// Another client rewrites the checkpoint to the very value this store left there: only
			// the WATCH that followed the last EXEC can see that it was touched.
			try (Jedis jedis = redis.jedis()) {
				jedis.hset(this.keys.checkpoint(), Map.of("file", "a.log", "offset", "101"));
			}

			assertThatThrownBy(() -> store.commit(chunk("b.log", 50, 404))).isInstanceOf(CheckpointMovedException.class)
				.hasMessageContaining("nothing of this chunk was applied");
		}
		assertThat(stored().lines()).isEqualTo(1);
		assertThat(new CheckpointStore(this.connectionFactory, this.keys).load()).isEqualTo(new FilePosition("a.log", 101));
	}

	@Test
	void aConnectionLostBetweenCommitsIsReplacedAndTheChunkAppliedOnce() {
		try (CheckpointStore store = new CheckpointStore(this.connectionFactory, this.keys, retrying(), 0, 0, 1)) {
			store.commit(chunk("a.log", 100, 200));
			try (Jedis jedis = redis.jedis()) {
				jedis.clientKill(new ClientKillParams().type(ClientType.NORMAL).skipMe(SkipMe.YES));
			}

			store.commit(chunk("b.log", 50, 404));
		}
		assertThat(stored().lines()).isEqualTo(2);
		assertThat(new CheckpointStore(this.connectionFactory, this.keys).load()).isEqualTo(new FilePosition("b.log", 51));
	}

	@Test
	void aFoldWritesThePendingDeltasOnceEvenWhenItsReplyIsLostAfterRedisAppliedIt() throws IOException {
		ChunkDelta first = ChunkDelta.of(List.of(new ReadLine(new FilePosition("a.log", 100), new AccessLogEntry(200, 7, "/p", 10))), 100);
		ChunkDelta second = ChunkDelta.of(List.of(new ReadLine(new FilePosition("a.log", 200), new AccessLogEntry(404, 5, "/p", 10))), 100);
		PendingFold pending = new PendingFold(AggregateSettings.DEFAULTS, 1 << 20, Duration.ofHours(1));
		try (ReplyLosingProxy proxy = new ReplyLosingProxy(redis.port())) {
			JedisConnectionFactory throughProxy = connectionFactory(proxy.port());
			try (CheckpointStore store = new CheckpointStore(throughProxy, this.keys, retrying(), 0, 0, 1)) {
				for (ChunkDelta chunk : List.of(first, second)) {
					store.commit(chunk.commit());
					pending.add(chunk.pendingDelta());
				}
				assertThat(store.pendingDeltas()).hasSize(2);
				assertThat(redis.jedis().exists("logagg:{web}:panel:paths:1970-01-01")).isFalse();
				proxy.loseReplyOnceApplied(() -> "1".equals(redis.jedis().hget(this.keys.checkpoint(), "folds")));

				store.fold(pending.writes());
				assertThat(store.pendingDeltas()).isEmpty();
			}
			finally {
				throughProxy.destroy();
			}
		}
		try (Jedis jedis = redis.jedis()) {
			assertThat(jedis.hgetAll("logagg:{web}:panel:paths:1970-01-01")).isEqualTo(Map.of("/p", "2"));
			assertThat(jedis.hgetAll("logagg:{web}:panel-bytes:paths:1970-01-01")).isEqualTo(Map.of("/p", "20"));
			assertThat(jedis.hget(this.keys.checkpoint(), "folds")).isEqualTo("1");
		}
		assertThat(redis.checkpoint("web")).isEqualTo("a.log@200");
	}

	@Test
	void aChunkWhoseReplyWasLostAfterRedisAppliedItIsNotAppliedAgain() throws IOException {
		try (ReplyLosingProxy proxy = new ReplyLosingProxy(redis.port())) {
			JedisConnectionFactory throughProxy = connectionFactory(proxy.port());
			try (CheckpointStore store = new CheckpointStore(throughProxy, this.keys, retrying(), 0, 0, 1)) {
				store.commit(chunk("a.log", 100, 200));
				proxy.loseReplyOnceApplied(() -> "b.log@51".equals(redis.checkpoint("web")));

				store.commit(chunk("b.log", 50, 404));
				store.commit(chunk("c.log", 10, 500));
			}
			finally {
				throughProxy.destroy();
			}
		}
		assertThat(stored()).isEqualTo(new IndependentCount(3, 3, 30, Map.of("200", 1L, "404", 1L, "500", 1L),
				Map.of("1970-01-01T00:00", 3L), Map.of("/p", 3L)));
		assertThat(redis.checkpoint("web")).isEqualTo("c.log@11");
	}

	@Test
	void aChunkWhoseReplyWasLostStopsTheRunWhenReplicasMustAcknowledgeIt() throws IOException {
		try (CheckpointStore first = new CheckpointStore(this.connectionFactory, this.keys)) {
			first.commit(chunk("a.log", 100, 200));
		}
		try (ReplyLosingProxy proxy = new ReplyLosingProxy(redis.port())) {
			JedisConnectionFactory throughProxy = connectionFactory(proxy.port());
			try (CheckpointStore store = new CheckpointStore(throughProxy, this.keys, retrying(), 1, 100, 1)) {
				store.start();
				proxy.loseReplyOnceApplied(() -> "b.log@51".equals(redis.checkpoint("web")));

				// The lost reply held WAIT's answer too: whether a replica has the chunk is unknown.
				assertThatThrownBy(() -> store.commit(chunk("b.log", 50, 404)))
					.isInstanceOf(CheckpointStore.ReplicasBehindException.class)
					.hasMessageContaining("the chunk ending at b.log@51 reached Redis, but the connection failed");
			}
			finally {
				throughProxy.destroy();
			}
		}
		assertThat(stored().lines()).isEqualTo(2);
	}

	private static RedisRetry retrying() {
		return new RedisRetry(new LogaggProperties.Retry(3, Duration.ofMillis(10), 2, Duration.ofMillis(50)));
	}

	@Test
	void corruptCheckpointIsReportedWithItsKey() {
		try (Jedis jedis = redis.jedis()) {
			jedis.hset(this.keys.checkpoint(), Map.of("file", "a.log", "offset", "12x"));
		}
		assertThatThrownBy(() -> new CheckpointStore(this.connectionFactory, this.keys).load())
			.hasMessageContaining("logagg:{web}:checkpoint is corrupt");
	}

}

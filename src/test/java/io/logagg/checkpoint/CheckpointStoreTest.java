package io.logagg.checkpoint;

import java.util.List;
import java.util.Map;

import io.logagg.aggregate.ChunkDelta;
import io.logagg.parse.AccessLogEntry;
import io.logagg.read.FilePosition;
import io.logagg.read.ReadLine;
import io.logagg.support.IndependentCount;
import io.logagg.support.RedisAggregates;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

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
		this.connectionFactory = new JedisConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
	}

	@AfterEach
	void disconnect() {
		this.connectionFactory.destroy();
	}

	private static ChunkDelta chunk(String file, long end, int status) {
		return ChunkDelta.of(List.of(new ReadLine(new FilePosition(file, end), new AccessLogEntry(status, 0, "/p", 10)),
				new ReadLine(new FilePosition(file, end + 1), null)));
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
		ChunkDelta chunk = chunk("a.log", 100, 200);
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
	void corruptCheckpointIsReportedWithItsKey() {
		try (Jedis jedis = redis.jedis()) {
			jedis.hset(this.keys.checkpoint(), Map.of("file", "a.log", "offset", "12x"));
		}
		assertThatThrownBy(() -> new CheckpointStore(this.connectionFactory, this.keys).load())
			.hasMessageContaining("logagg:{web}:checkpoint is corrupt");
	}

}

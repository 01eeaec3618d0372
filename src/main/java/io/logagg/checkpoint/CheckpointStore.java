package io.logagg.checkpoint;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.logagg.aggregate.ChunkDelta;
import io.logagg.read.FileIdentity;
import io.logagg.read.FilePosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisClusterCRC16;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.util.Assert;

/**
 * The checkpoint of one source, and the only code that writes its aggregates: each
 * {@link #commit} applies a chunk's delta and moves the checkpoint in one MULTI/EXEC, so that
 * Redis always holds the aggregates of exactly the lines before its checkpoint.
 *
 * <p>The transaction is guarded: WATCH on the checkpoint key, then a check that the stored
 * checkpoint is still where the previous commit (or {@link #start}) left it. If another client
 * moved it, the commit fails with {@link CheckpointMovedException} and nothing is applied.
 * Jedis sends the commands queued after MULTI without waiting for their QUEUED replies and reads
 * them all at EXEC, so a chunk costs one round trip whatever its size, plus one for WATCH and one
 * for the check.
 *
 * <p>Each commit borrows one pooled connection (WATCH is per connection) and returns it. Not
 * thread-safe: commits must come in file order.
 */
public class CheckpointStore {

	private static final Logger logger = LoggerFactory.getLogger(CheckpointStore.class);

	static final String FILE = "file";

	static final String OFFSET = "offset";

	static final String UPDATED = "updated";

	static final String SIZE = "size";

	static final String HEAD_LENGTH = "head_length";

	static final String HEAD_CRC = "head_crc";

	private static final String[] FIELDS = { FILE, OFFSET, SIZE, HEAD_LENGTH, HEAD_CRC };

	private final UnifiedJedis redis;

	private final KeyLayout keys;

	private final RedisRetry retry;

	private final int keepSamples;

	private final int waitReplicas;

	private final long waitTimeoutMillis;

	private final int waitAttempts;

	private FilePosition committed;

	/** A store that gives up at the first Redis error. */
	public CheckpointStore(RedisConnectionFactory connectionFactory, KeyLayout keys) {
		this(connectionFactory, keys, RedisRetry.none(), 0, 0, 0, 1);
	}

	/**
	 * @param connectionFactory Redis, through Jedis
	 * @param keys the source's keys
	 * @param retry how transient Redis errors are retried
	 * @param keepSamples how many malformed lines the source keeps as samples
	 * @param waitReplicas replicas that must acknowledge each commit (WAIT); 0 for none
	 * @param waitTimeoutMillis how long WAIT may block
	 * @param waitAttempts how many WAITs before giving up on a chunk's replicas
	 */
	public CheckpointStore(RedisConnectionFactory connectionFactory, KeyLayout keys, RedisRetry retry, int keepSamples,
			int waitReplicas, long waitTimeoutMillis, int waitAttempts) {
		this.waitAttempts = waitAttempts;
		this.keepSamples = keepSamples;
		this.waitReplicas = waitReplicas;
		this.waitTimeoutMillis = waitTimeoutMillis;
		Assert.notNull(connectionFactory, "connectionFactory must not be null");
		Assert.notNull(keys, "keys must not be null");
		Assert.notNull(retry, "retry must not be null");
		this.keys = keys;
		this.retry = retry;
		this.redis = retry.call("connecting", () -> nativeClient(connectionFactory));
	}

	/**
	 * The position this store's commits start from: the stored checkpoint, read once on first
	 * call, then wherever the last commit moved it.
	 */
	public FilePosition start() {
		if (this.committed == null) {
			this.committed = this.retry.call("reading the checkpoint", this::load);
		}
		return this.committed;
	}

	/** Reads the stored checkpoint now; {@link FilePosition#BEGINNING} if the source has none. */
	public FilePosition load() {
		return parse(this.redis.hmget(this.keys.checkpoint(), FIELDS));
	}

	/**
	 * Applies a chunk's aggregates and moves the checkpoint to its end, atomically. After a
	 * transient error the commit is tried again; if the checkpoint then stands at the chunk's end,
	 * the earlier attempt got through (only its reply was lost) and nothing is applied twice.
	 * @param delta the chunk, whose lines start at the current checkpoint
	 * @throws CheckpointMovedException if the stored checkpoint is not where this store left it
	 */
	public void commit(ChunkDelta delta) {
		FilePosition expected = start();
		int[] attempts = { 0 };
		this.retry.call("the commit of the chunk ending at " + delta.end(), () -> {
			commitOnce(delta, expected, attempts[0]++ > 0);
			return null;
		});
		this.committed = delta.end();
	}

	private void commitOnce(ChunkDelta delta, FilePosition expected, boolean retry) {
		String checkpointKey = this.keys.checkpoint();
		List<Object> replies;
		try (AbstractTransaction tx = transaction()) {
			tx.watch(checkpointKey);
			// Before MULTI, Jedis runs a command at once: this reads the checkpoint under the WATCH.
			FilePosition stored = parse(tx.hmget(checkpointKey, FIELDS).get());
			if (retry && stored.samePlace(delta.end())) {
				logger.info("the chunk ending at {} reached Redis before the connection failed; not applying it again",
						delta.end());
				return;
			}
			if (!stored.samePlace(expected)) {
				throw new CheckpointMovedException(this.keys.source(), expected, stored);
			}
			tx.multi();
			queue(tx, delta);
			replies = tx.exec();
			if (replies != null && this.waitReplicas > 0) {
				awaitReplicas(tx, delta);
			}
		}
		if (replies == null) {
			// EXEC answered nil: the watched checkpoint changed between the check and EXEC.
			throw new CheckpointMovedException(this.keys.source(), expected, load());
		}
		for (Object reply : replies) {
			// Redis reports a failed command inside EXEC as data; the others were applied.
			if (reply instanceof Exception ex) {
				throw new IllegalStateException("Redis rejected a command of the chunk ending at " + delta.end()
						+ ": " + ex.getMessage(), ex);
			}
		}
	}

	/**
	 * A transaction on one connection, not yet in MULTI. In a Redis Cluster, on the node that owns
	 * the source's hash slot: every key of a source carries the same hash tag, so they all live
	 * there (Jedis's cluster clients offer no transaction of their own).
	 */
	private AbstractTransaction transaction() {
		if (this.redis instanceof RedisClusterClient cluster) {
			return new Transaction(cluster.getConnectionFromSlot(slot()), false, true);
		}
		if (this.redis instanceof JedisCluster cluster) {
			return new Transaction(cluster.getConnectionFromSlot(slot()), false, true);
		}
		return this.redis.transaction(false);
	}

	private int slot() {
		return JedisClusterCRC16.getSlot(this.keys.checkpoint());
	}

	/**
	 * WAIT on the connection that ran EXEC: the chunk is on enough replicas to survive a failover.
	 * The chunk is applied on the master either way; failing here only stops the run before it
	 * commits more that a failover could lose.
	 */
	private void awaitReplicas(AbstractTransaction tx, ChunkDelta delta) {
		// After EXEC, Jedis runs a command on the transaction's connection at once.
		long acknowledged = 0;
		for (int attempt = 0; attempt < this.waitAttempts && acknowledged < this.waitReplicas; attempt++) {
			acknowledged = tx.waitReplicas(this.waitReplicas, this.waitTimeoutMillis).get();
		}
		if (acknowledged < this.waitReplicas) {
			throw new ReplicasBehindException("only " + acknowledged + " of " + this.waitReplicas
					+ " replica(s) acknowledged the chunk ending at " + delta.end() + " within " + this.waitTimeoutMillis
					+ " ms, " + this.waitAttempts + " time(s) (logagg.redis.wait-replicas); the run stops rather than commit more that a failover could lose");
		}
	}

	/** Fewer replicas than required acknowledged a chunk. */
	public static class ReplicasBehindException extends RuntimeException {

		ReplicasBehindException(String message) {
			super(message);
		}

	}

	private void queue(AbstractTransaction tx, ChunkDelta delta) {
		String totals = this.keys.totals();
		if (delta.lines() > 0) {
			tx.hincrBy(totals, "lines", delta.lines());
			tx.hincrBy(totals, "bytes", delta.bytes());
		}
		if (delta.malformed() > 0) {
			tx.hincrBy(totals, "malformed", delta.malformed());
		}
		String status = this.keys.status();
		delta.status().forEach((code, count) -> tx.hincrBy(status, code, count));
		String minutes = this.keys.minutes();
		delta.minutes().forEach((minute, count) -> tx.hincrBy(minutes, minute, count));
		String paths = this.keys.paths();
		delta.paths().forEach((path, count) -> tx.zincrby(paths, count, path));
		if (!delta.samples().isEmpty()) {
			tx.rpush(this.keys.malformed(), delta.samples().toArray(String[]::new));
			tx.ltrim(this.keys.malformed(), 0, this.keepSamples - 1);
		}
		FilePosition end = delta.end();
		Map<String, String> checkpoint = new HashMap<>();
		checkpoint.put(FILE, end.file());
		checkpoint.put(OFFSET, Long.toString(end.offset()));
		checkpoint.put(UPDATED, Long.toString(System.currentTimeMillis()));
		if (end.identity() != null) {
			checkpoint.put(SIZE, Long.toString(end.identity().size()));
			checkpoint.put(HEAD_LENGTH, Integer.toString(end.identity().headLength()));
			checkpoint.put(HEAD_CRC, Long.toString(end.identity().headChecksum()));
			tx.hset(this.keys.checkpoint(), checkpoint);
		}
		else {
			tx.hset(this.keys.checkpoint(), checkpoint);
			tx.hdel(this.keys.checkpoint(), SIZE, HEAD_LENGTH, HEAD_CRC);
		}
	}

	private FilePosition parse(List<String> fields) {
		String file = fields.get(0);
		String offset = fields.get(1);
		if (file == null && offset == null) {
			return FilePosition.BEGINNING;
		}
		try {
			FileIdentity identity = (fields.get(2) != null) ? new FileIdentity(Long.parseLong(fields.get(2)),
					Integer.parseInt(fields.get(3)), Long.parseLong(fields.get(4))) : null;
			return new FilePosition(file, Long.parseLong(offset), identity);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("Checkpoint " + this.keys.checkpoint() + " is corrupt (file=" + file
					+ ", offset=" + offset + "); fix or delete it", ex);
		}
	}

	/** The connection factory's own Jedis client, a pool shared by every connection. */
	private static UnifiedJedis nativeClient(RedisConnectionFactory connectionFactory) {
		try (RedisConnection connection = connectionFactory.getConnection()) {
			if (connection.getNativeConnection() instanceof UnifiedJedis client) {
				return client;
			}
			throw new IllegalStateException("logagg needs Redis through Jedis, not "
					+ connection.getNativeConnection().getClass().getName());
		}
	}

}

package io.logagg.checkpoint;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import io.logagg.read.FileIdentity;
import io.logagg.read.FilePosition;
import io.logagg.read.FileRecord;
import io.logagg.read.FilesUpdate;
import io.logagg.read.ReadState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol.Command;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
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
 *
 * <p>A chunk costs one round trip: commits run on one {@link WatchedConnection}, held from commit
 * to commit, whose WATCH and read after each EXEC are the guard of the next chunk. After any error
 * that connection is dropped, and the next attempt arms a new WATCH and reads the checkpoint before
 * anything else.
 *
 * <p>Not thread-safe: commits must come in file order. {@link #close} gives the connection back.
 */
public class CheckpointStore implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(CheckpointStore.class);

	static final String FILE = "file";

	static final String OFFSET = "offset";

	static final String UPDATED = "updated";

	static final String SIZE = "size";

	static final String HEAD_LENGTH = "head_length";

	static final String HEAD_CRC = "head_crc";

	static final String RECORD = "record";

	/** How many folds have written the source's pending deltas: a fold's retry tells by it whether the fold got through. */
	static final String FOLDS = "folds";

	/** When the checkpoint was last committed: epoch seconds on Redis's clock. */
	static final String COMMITTED = "committed";

	/**
	 * Stamps the checkpoint with the commit's time on Redis's clock, from inside the commit's
	 * transaction: a snapshot whose save began later holds this commit. Redis before 7.0 lets a
	 * script write after reading the clock only once it replicates effects.
	 */
	private static final String STAMP_COMMIT_TIME = "if redis.replicate_commands then redis.replicate_commands() end "
			+ "redis.call('HSET', KEYS[1], ARGV[1], redis.call('TIME')[1]) return 1";

	private static final String[] FIELDS = { FILE, OFFSET, SIZE, HEAD_LENGTH, HEAD_CRC, RECORD, FOLDS };

	private final UnifiedJedis redis;

	private final KeyLayout keys;

	private final RedisRetry retry;

	private final int waitReplicas;

	private final long waitTimeoutMillis;

	private final int waitAttempts;

	private FilePosition committed;

	/** The connection commits run on, with the checkpoint key watched; null after a failure. */
	private WatchedConnection connection;

	/** A store that gives up at the first Redis error. */
	public CheckpointStore(RedisConnectionFactory connectionFactory, KeyLayout keys) {
		this(connectionFactory, keys, RedisRetry.none(), 0, 0, 1);
	}

	/**
	 * @param connectionFactory Redis, through Jedis
	 * @param keys the source's keys
	 * @param retry how transient Redis errors are retried
	 * @param waitReplicas replicas that must acknowledge each commit (WAIT); 0 for none
	 * @param waitTimeoutMillis how long WAIT may block
	 * @param waitAttempts how many WAITs before giving up on a chunk's replicas
	 */
	public CheckpointStore(RedisConnectionFactory connectionFactory, KeyLayout keys, RedisRetry retry, int waitReplicas,
			long waitTimeoutMillis, int waitAttempts) {
		this.waitAttempts = waitAttempts;
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

	/**
	 * Where the source stands, read now (with the configured retries): the checkpoint, which also
	 * becomes {@link #start()}, and the records of the files read.
	 */
	public ReadState readState() {
		return this.retry.call("reading the checkpoint", () -> {
			List<String> fields = this.redis.hmget(this.keys.checkpoint(), FIELDS);
			FilePosition checkpoint = parse(fields);
			String record = fields.get(5);
			Map<String, FileRecord> records = new HashMap<>();
			if (record != null || checkpoint.file().isEmpty()) {
				this.redis.hgetAll(this.keys.files()).forEach((key, value) -> records.put(key, decode(key, value)));
			}
			this.committed = checkpoint;
			return new ReadState(checkpoint, record, records);
		});
	}

	/**
	 * When the checkpoint was last committed, in epoch seconds on Redis's clock; empty if it has not
	 * been, or was last committed before logagg stamped commits.
	 */
	public OptionalLong committedAt() {
		return this.retry.call("reading the checkpoint", () -> {
			String seconds = this.redis.hget(this.keys.checkpoint(), COMMITTED);
			return (seconds != null) ? OptionalLong.of(Long.parseLong(seconds)) : OptionalLong.empty();
		});
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
	public void commit(ChunkCommit delta) {
		FilePosition expected = start();
		int[] attempts = { 0 };
		this.retry.call("the commit of the chunk ending at " + delta.end(), () -> {
			commitOnce(delta, expected, attempts[0]++ > 0);
			return null;
		});
		this.committed = delta.end();
	}

	private void commitOnce(ChunkCommit delta, FilePosition expected, boolean retry) {
		try {
			if (this.connection == null) {
				this.connection = WatchedConnection.open(commitPipeline(retry), this.keys.checkpoint(), FIELDS);
			}
			FilePosition stored = parse(this.connection.watched());
			if (retry && stored.samePlace(delta.end())) {
				if (this.waitReplicas > 0) {
					// A WAIT on a new connection covers none of the old one's writes: nothing can tell
					// now whether the replicas have the chunk. Its next run's first WAIT will.
					throw new ReplicasBehindException("the chunk ending at " + delta.end()
							+ " reached Redis, but the connection failed before its replicas acknowledged it "
							+ "(logagg.redis.wait-replicas); the run stops rather than commit more that a failover could lose");
				}
				logger.info("the chunk ending at {} reached Redis before the connection failed; not applying it again",
						delta.end());
				return;
			}
			if (!stored.samePlace(expected)) {
				throw new CheckpointMovedException(this.keys.source(), expected, stored);
			}
			WatchedConnection.Outcome outcome;
			try {
				outcome = this.connection.transact(queue(delta), this.waitReplicas, this.waitTimeoutMillis);
			}
			catch (JedisDataException refused) {
				// The refusal's own words first: they name its cause (OOM, NOPERM) for the operator.
				throw new IllegalStateException(refused.getMessage() + " (the chunk ending at " + delta.end()
						+ " was not applied)", refused);
			}
			checkApplied(outcome, expected, "the chunk ending at " + delta.end());
			if (this.waitReplicas > 0) {
				awaitReplicas(outcome.acknowledged(), "the chunk ending at " + delta.end());
			}
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	private void checkApplied(WatchedConnection.Outcome outcome, FilePosition expected, String what) {
		if (outcome.replies() == null) {
			// EXEC answered nil: the watched checkpoint changed between the check and EXEC.
			throw new CheckpointMovedException(this.keys.source(), expected, load());
		}
		for (Object reply : outcome.replies()) {
			// Redis reports a failed command inside EXEC as data; the others were applied.
			if (reply instanceof Exception ex) {
				throw new IllegalStateException("Redis rejected a command of " + what + ": " + ex.getMessage(), ex);
			}
		}
	}

	/**
	 * The source's pending deltas, oldest first: what committed chunks added to the aggregates that
	 * wait for a fold ({@link ChunkCommit#pendingDelta()}), as no fold has written them yet.
	 */
	public List<byte[]> pendingDeltas() {
		return this.retry.call("reading the pending deltas",
				() -> this.redis.lrange(this.keys.pending().getBytes(java.nio.charset.StandardCharsets.UTF_8), 0, -1));
	}

	/** True if committed chunks wait for a fold: a run that finds nothing new still has that to do. */
	public boolean hasPendingDeltas() {
		return this.retry.call("reading the pending deltas", () -> this.redis.exists(this.keys.pending()));
	}

	/**
	 * Folds: applies {@code writes}, the sum of every pending delta, and deletes those deltas, in one
	 * MULTI/EXEC guarded like a commit (the checkpoint must stand where this store left it), so that
	 * the deltas are either all still pending or all written, never both. The transaction also counts
	 * the fold in the checkpoint: after a transient error the fold is tried again, unless the count
	 * shows that the earlier attempt got through (only its reply was lost).
	 * @param writes the fold's writes, summed from every delta now pending and nothing else
	 * @throws CheckpointMovedException if the stored checkpoint is not where this store left it
	 */
	public void fold(List<ChunkWrites> writes) {
		FilePosition expected = start();
		long[] before = { -1 };
		this.retry.call("the fold of the pending deltas", () -> {
			foldOnce(writes, expected, before);
			return null;
		});
	}

	private void foldOnce(List<ChunkWrites> writes, FilePosition expected, long[] before) {
		try {
			if (this.connection == null) {
				this.connection = WatchedConnection.open(commitPipeline(before[0] >= 0), this.keys.checkpoint(), FIELDS);
			}
			FilePosition stored = parse(this.connection.watched());
			String counted = this.connection.watched().get(6);
			long folds = (counted != null) ? Long.parseLong(counted) : 0;
			if (!stored.samePlace(expected)) {
				throw new CheckpointMovedException(this.keys.source(), expected, stored);
			}
			if (before[0] < 0) {
				before[0] = folds;
			}
			else if (folds == before[0] + 1) {
				logger.info("the fold of the pending deltas reached Redis before the connection failed; not applying it again");
				return;
			}
			WatchedReads reads = new WatchedReads(this.keys, this.connection::read);
			writes.forEach(part -> part.read(reads));
			TransactionCommands queued = new TransactionCommands(this.keys);
			writes.forEach(part -> part.queue(queued));
			List<CommandArguments> commands = queued.list();
			commands.add(new CommandArguments(Command.DEL).key(this.keys.pending()));
			commands.add(new CommandArguments(Command.HINCRBY).key(this.keys.checkpoint()).add(FOLDS).add(1));
			WatchedConnection.Outcome outcome;
			try {
				outcome = this.connection.transact(commands, this.waitReplicas, this.waitTimeoutMillis);
			}
			catch (JedisDataException refused) {
				throw new IllegalStateException(refused.getMessage() + " (the fold of the pending deltas was not applied)", refused);
			}
			checkApplied(outcome, expected, "the fold of the pending deltas");
			if (this.waitReplicas > 0) {
				awaitReplicas(outcome.acknowledged(), "the fold of the pending deltas");
			}
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	/**
	 * A pipeline on its own connection, in a Redis Cluster to the node that owns the source's hash
	 * slot: every key of a source carries the same hash tag, so they all live there (Jedis's cluster
	 * clients offer no transaction of their own). On a retry the slot's owner is asked again first:
	 * after a failover the client's slot map still names the dead master, and only a command sent
	 * through the client (which renews the map when a node fails it) brings it up to date.
	 */
	private AbstractPipeline commitPipeline(boolean retry) {
		if (retry && (this.redis instanceof RedisClusterClient || this.redis instanceof JedisCluster)) {
			this.redis.exists(this.keys.checkpoint());
		}
		if (this.redis instanceof RedisClusterClient cluster) {
			return new Pipeline(cluster.getConnectionFromSlot(slot()), true);
		}
		if (this.redis instanceof JedisCluster cluster) {
			return new Pipeline(cluster.getConnectionFromSlot(slot()), true);
		}
		return this.redis.pipelined();
	}

	/** Releases the connection commits ran on. The store may commit again afterwards. */
	@Override
	public void close() {
		if (this.connection != null) {
			this.connection.close();
			this.connection = null;
		}
	}

	private int slot() {
		return JedisClusterCRC16.getSlot(this.keys.checkpoint());
	}

	/**
	 * WAIT, sent after EXEC on the same connection: the chunk is on enough replicas to survive a
	 * failover. The chunk is applied on the master either way; failing here only stops the run
	 * before it commits more that a failover could lose.
	 */
	private void awaitReplicas(long first, String what) {
		long acknowledged = first;
		for (int attempt = 1; attempt < this.waitAttempts && acknowledged < this.waitReplicas; attempt++) {
			acknowledged = this.connection.await(this.waitReplicas, this.waitTimeoutMillis);
		}
		if (acknowledged < this.waitReplicas) {
			throw new ReplicasBehindException("only " + acknowledged + " of " + this.waitReplicas
					+ " replica(s) acknowledged " + what + " within " + this.waitTimeoutMillis
					+ " ms, " + this.waitAttempts + " time(s) (logagg.redis.wait-replicas); the run stops rather than commit more that a failover could lose");
		}
	}

	/** Fewer replicas than required acknowledged a chunk. */
	public static class ReplicasBehindException extends RuntimeException {

		ReplicasBehindException(String message) {
			super(message);
		}

	}

	/** The commands of a chunk's transaction: the aggregates', the files' records, the checkpoint's last. */
	private List<CommandArguments> queue(ChunkCommit delta) {
		TransactionCommands queued = new TransactionCommands(this.keys);
		delta.writes().forEach(writes -> writes.queue(queued));
		List<CommandArguments> commands = queued.list();
		if (delta.pendingDelta() != null) {
			commands.add(new CommandArguments(Command.RPUSH).key(this.keys.pending()).add(new SharedBytes(delta.pendingDelta())));
		}
		FilesUpdate files = delta.files();
		long now = System.currentTimeMillis();
		if (!files.records().isEmpty()) {
			CommandArguments write = new CommandArguments(Command.HSET).key(this.keys.files());
			files.records().forEach(record -> write.add(record.key()).add(encode(record, now)));
			commands.add(write);
		}
		if (!files.forgotten().isEmpty()) {
			CommandArguments forget = new CommandArguments(Command.HDEL).key(this.keys.files());
			files.forgotten().forEach(forget::add);
			commands.add(forget);
		}
		FilePosition end = delta.end();
		FileRecord endRecord = files.last();
		CommandArguments checkpoint = new CommandArguments(Command.HSET).key(this.keys.checkpoint())
			.add(FILE)
			.add(end.file())
			.add(OFFSET)
			.add(end.offset())
			.add(UPDATED)
			.add(now);
		if (endRecord != null) {
			checkpoint.add(RECORD).add(endRecord.key());
		}
		if (end.identity() != null) {
			checkpoint.add(SIZE)
				.add(end.identity().size())
				.add(HEAD_LENGTH)
				.add(end.identity().headLength())
				.add(HEAD_CRC)
				.add(end.identity().headChecksum());
			commands.add(checkpoint);
		}
		else {
			commands.add(checkpoint);
			commands.add(new CommandArguments(Command.HDEL).key(this.keys.checkpoint()).add(SIZE).add(HEAD_LENGTH).add(HEAD_CRC));
		}
		if (endRecord == null) {
			commands.add(new CommandArguments(Command.HDEL).key(this.keys.checkpoint()).add(RECORD));
		}
		commands.add(new CommandArguments(Command.EVAL).add(STAMP_COMMIT_TIME).add(1).key(this.keys.checkpoint()).add(COMMITTED));
		return commands;
	}

	/** Marks a record's value in the layout with a tail: {@code r2}, then the fields, the name last. */
	private static final String TAILED = "r2\t";

	/** A record's value in the files hash; the name last, so that it may hold any character. */
	static String encode(FileRecord record, long updated) {
		FileIdentity identity = record.identity();
		return TAILED + record.offset() + "\t" + identity.headLength() + "\t" + identity.headChecksum() + "\t"
				+ identity.size() + "\t" + updated + "\t" + ((record.fileKey() != null) ? record.fileKey() : "") + "\t"
				+ record.tail() + "\t" + record.name();
	}

	/** Reads a record of either layout: with a tail ({@link #TAILED}), or without one (its offset first). */
	private FileRecord decode(String key, String value) {
		try {
			boolean tailed = value.startsWith(TAILED);
			String[] parts = tailed ? value.substring(TAILED.length()).split("\t", 8) : value.split("\t", 7);
			FileIdentity identity = new FileIdentity(Long.parseLong(parts[3]), Integer.parseInt(parts[1]),
					Long.parseLong(parts[2]));
			long tail = tailed ? Long.parseLong(parts[6]) : FileRecord.NO_TAIL;
			return new FileRecord(key, parts[tailed ? 7 : 6], Long.parseLong(parts[0]), identity,
					parts[5].isEmpty() ? null : parts[5], Long.parseLong(parts[4]), tail);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("File record " + key + " in " + this.keys.files() + " is corrupt; fix or delete it",
					ex);
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

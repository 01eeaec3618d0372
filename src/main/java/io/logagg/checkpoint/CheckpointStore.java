package io.logagg.checkpoint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.logagg.aggregate.ChunkDelta;
import io.logagg.read.FileIdentity;
import io.logagg.read.FilePosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol.Command;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Response;
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
 * <p>A chunk costs one round trip. Commits run on one connection held from commit to commit, and
 * each sends {@code MULTI ... EXEC WATCH HMGET} as one pipeline: the WATCH and the read that follow
 * a chunk's EXEC are the guard of the next chunk. The read catches a change made before the WATCH
 * took effect, the WATCH one made after (EXEC then answers nil). Jedis's own {@code Transaction}
 * waits for the QUEUED replies before it sends EXEC, and runs WATCH and the read on their own,
 * which made four round trips of one. After any error the connection is dropped, and the next
 * attempt arms a new WATCH and reads the checkpoint before anything else.
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

	private static final String[] FIELDS = { FILE, OFFSET, SIZE, HEAD_LENGTH, HEAD_CRC };

	private final UnifiedJedis redis;

	private final KeyLayout keys;

	private final RedisRetry retry;

	private final int keepSamples;

	private final int waitReplicas;

	private final long waitTimeoutMillis;

	private final int waitAttempts;

	private FilePosition committed;

	/** The connection commits run on, with the checkpoint key watched; null between failures. */
	private AbstractPipeline session;

	/** The checkpoint as read just after the WATCH now in force on {@link #session}. */
	private FilePosition watched;

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
		try {
			if (this.session == null) {
				openSession();
			}
			if (retry && this.watched.samePlace(delta.end())) {
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
			if (!this.watched.samePlace(expected)) {
				throw new CheckpointMovedException(this.keys.source(), expected, this.watched);
			}
			// Built in full before anything is sent, so that no failure can leave half a MULTI on the wire.
			List<CommandArguments> queued = queue(delta);
			Response<Object> multi = this.session.sendCommand(new CommandArguments(Command.MULTI));
			List<Response<Object>> queuedReplies = new ArrayList<>(queued.size());
			queued.forEach(command -> queuedReplies.add(this.session.sendCommand(command)));
			Response<Object> exec = this.session.sendCommand(new CommandArguments(Command.EXEC));
			Response<Object> waited = (this.waitReplicas > 0) ? sendWait() : null;
			Response<Object> next = sendWatchAndRead();
			this.session.sync();

			multi.get();
			List<?> replies = execReplies(exec, queuedReplies, delta);
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
			this.watched = parse(decode(next.get()));
			if (waited != null) {
				awaitReplicas(waited, delta);
			}
		}
		catch (RuntimeException ex) {
			closeSession();
			throw ex;
		}
	}

	/** The replies of EXEC: null if it was aborted by the WATCH; a refused chunk is thrown. */
	private static List<?> execReplies(Response<Object> exec, List<Response<Object>> queuedReplies, ChunkDelta delta) {
		try {
			return (List<?>) exec.get();
		}
		catch (JedisDataException ex) {
			// EXECABORT: a command was refused while queued (OOM, NOPERM); its reply says which, and
			// becomes the cause so that the refusal is explained by name.
			for (Response<Object> reply : queuedReplies) {
				try {
					reply.get();
				}
				catch (JedisDataException refused) {
					throw new IllegalStateException(refused.getMessage() + " (the chunk ending at " + delta.end()
							+ " was not applied)", refused);
				}
			}
			throw ex;
		}
	}

	/**
	 * Borrows the connection commits run on, in a Redis Cluster the one to the node that owns the
	 * source's hash slot (every key of a source carries the same hash tag, so they all live there;
	 * Jedis's cluster clients offer no transaction of their own), then WATCHes the checkpoint and
	 * reads it.
	 */
	private void openSession() {
		if (this.redis instanceof RedisClusterClient cluster) {
			this.session = new Pipeline(cluster.getConnectionFromSlot(slot()), true);
		}
		else if (this.redis instanceof JedisCluster cluster) {
			this.session = new Pipeline(cluster.getConnectionFromSlot(slot()), true);
		}
		else {
			this.session = this.redis.pipelined();
		}
		Response<Object> current = sendWatchAndRead();
		this.session.sync();
		this.watched = parse(decode(current.get()));
	}

	private Response<Object> sendWatchAndRead() {
		this.session.sendCommand(new CommandArguments(Command.WATCH).key(this.keys.checkpoint()));
		CommandArguments read = new CommandArguments(Command.HMGET).key(this.keys.checkpoint());
		for (String field : FIELDS) {
			read.add(field);
		}
		return this.session.sendCommand(read);
	}

	private Response<Object> sendWait() {
		return this.session
			.sendCommand(new CommandArguments(Command.WAIT).add(this.waitReplicas).add(this.waitTimeoutMillis));
	}

	/** Gives the connection back without its WATCH, or drops it if it is no longer usable. */
	private void closeSession() {
		AbstractPipeline closing = this.session;
		this.session = null;
		this.watched = null;
		if (closing == null) {
			return;
		}
		try {
			closing.sendCommand(new CommandArguments(Command.UNWATCH));
			closing.close();
		}
		catch (RuntimeException ex) {
			// A broken connection is dropped by the pool, not reused.
			logger.debug("closing the commit connection: {}", ex.toString());
		}
	}

	private static List<String> decode(Object reply) {
		List<String> fields = new ArrayList<>();
		for (Object field : (List<?>) reply) {
			fields.add((field != null) ? new String((byte[]) field, StandardCharsets.UTF_8) : null);
		}
		return fields;
	}

	/** Releases the connection commits ran on. The store may commit again afterwards. */
	@Override
	public void close() {
		closeSession();
	}

	private int slot() {
		return JedisClusterCRC16.getSlot(this.keys.checkpoint());
	}

	/**
	 * WAIT, sent after EXEC on the same connection: the chunk is on enough replicas to survive a
	 * failover. The chunk is applied on the master either way; failing here only stops the run
	 * before it commits more that a failover could lose.
	 */
	private void awaitReplicas(Response<Object> first, ChunkDelta delta) {
		long acknowledged = (Long) first.get();
		for (int attempt = 1; attempt < this.waitAttempts && acknowledged < this.waitReplicas; attempt++) {
			Response<Object> again = sendWait();
			this.session.sync();
			acknowledged = (Long) again.get();
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

	/** The commands of a chunk's transaction, the checkpoint's last. */
	private List<CommandArguments> queue(ChunkDelta delta) {
		List<CommandArguments> commands = new ArrayList<>();
		String totals = this.keys.totals();
		if (delta.lines() > 0) {
			commands.add(hincrBy(totals, "lines", delta.lines()));
			commands.add(hincrBy(totals, "bytes", delta.bytes()));
		}
		if (delta.malformed() > 0) {
			commands.add(hincrBy(totals, "malformed", delta.malformed()));
		}
		String status = this.keys.status();
		delta.status().forEach((code, count) -> commands.add(hincrBy(status, code, count)));
		String minutes = this.keys.minutes();
		delta.minutes().forEach((minute, count) -> commands.add(hincrBy(minutes, minute, count)));
		String paths = this.keys.paths();
		delta.paths()
			.forEach((path, count) -> commands.add(new CommandArguments(Command.ZINCRBY).key(paths).add(count).add(path)));
		if (!delta.samples().isEmpty()) {
			CommandArguments push = new CommandArguments(Command.RPUSH).key(this.keys.malformed());
			delta.samples().forEach(push::add);
			commands.add(push);
			commands.add(new CommandArguments(Command.LTRIM).key(this.keys.malformed()).add(0).add(this.keepSamples - 1));
		}
		FilePosition end = delta.end();
		CommandArguments checkpoint = new CommandArguments(Command.HSET).key(this.keys.checkpoint())
			.add(FILE)
			.add(end.file())
			.add(OFFSET)
			.add(end.offset())
			.add(UPDATED)
			.add(System.currentTimeMillis());
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
		return commands;
	}

	private static CommandArguments hincrBy(String key, String field, long increment) {
		return new CommandArguments(Command.HINCRBY).key(key).add(field).add(increment);
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

package io.logagg.checkpoint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Protocol.Command;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * One Redis connection on which a hash key stays WATCHed from one transaction to the next, with
 * the key's fields as read just after the WATCH now in force.
 *
 * <p>{@link #transact} sends {@code MULTI ... EXEC [WAIT] WATCH HMGET} as one pipeline: a
 * transaction and the guard of the next one cost a single round trip. Jedis's own
 * {@code Transaction} waits for the QUEUED replies before it sends EXEC and runs WATCH and reads
 * on their own, four round trips for the same. The read catches a change made before its WATCH
 * took effect; the WATCH one made after, by aborting the next EXEC.
 *
 * <p>After any failure the connection is no longer in a known state: close it and open another.
 * Not thread-safe.
 */
final class WatchedConnection implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(WatchedConnection.class);

	private final AbstractPipeline pipeline;

	private final String key;

	private final String[] fields;

	private List<String> watched;

	private WatchedConnection(AbstractPipeline pipeline, String key, String[] fields) {
		this.pipeline = pipeline;
		this.key = key;
		this.fields = fields.clone();
	}

	/**
	 * WATCHes {@code key} on the pipeline's connection and reads its fields, in one round trip.
	 * @param pipeline a pipeline holding its own connection, closed with this
	 */
	static WatchedConnection open(AbstractPipeline pipeline, String key, String... fields) {
		WatchedConnection connection = new WatchedConnection(pipeline, key, fields);
		try {
			Response<Object> current = connection.sendWatchAndRead();
			pipeline.sync();
			connection.watched = decode(current.get());
		}
		catch (RuntimeException ex) {
			connection.close();
			throw ex;
		}
		return connection;
	}

	/** The key's fields, in the order asked for, as read just after the WATCH now in force. */
	List<String> watched() {
		return this.watched;
	}

	/**
	 * Runs {@code commands} in MULTI/EXEC, then WAITs for {@code waitReplicas} replicas if asked,
	 * then WATCHes the key again and reads it: one round trip.
	 * @param commands the transaction, built in full before anything is sent, so that no failure
	 * can leave half a MULTI on the wire
	 * @return what EXEC and WAIT answered
	 * @throws JedisDataException if Redis refused the transaction: the refused command's own error
	 * (OOM, NOPERM), or EXECABORT
	 */
	Outcome transact(List<CommandArguments> commands, int waitReplicas, long waitTimeoutMillis) {
		Response<Object> multi = this.pipeline.sendCommand(new CommandArguments(Command.MULTI));
		List<Response<Object>> queued = new ArrayList<>(commands.size());
		commands.forEach(command -> queued.add(this.pipeline.sendCommand(command)));
		Response<Object> exec = this.pipeline.sendCommand(new CommandArguments(Command.EXEC));
		Response<Object> waited = (waitReplicas > 0) ? sendWait(waitReplicas, waitTimeoutMillis) : null;
		Response<Object> next = sendWatchAndRead();
		this.pipeline.sync();

		multi.get();
		List<?> replies = execReplies(exec, queued);
		this.watched = decode(next.get());
		return new Outcome(replies, (waited != null) ? (Long) waited.get() : -1);
	}

	/** Sends reads as one pipeline under the WATCH in force, and returns their replies ({@link WatchedReads}). */
	List<Object> read(List<CommandArguments> commands) {
		List<Response<Object>> replies = new ArrayList<>(commands.size());
		commands.forEach(command -> replies.add(this.pipeline.sendCommand(command)));
		this.pipeline.sync();
		List<Object> read = new ArrayList<>(replies.size());
		replies.forEach(reply -> read.add(reply.get()));
		return read;
	}

	/** One more WAIT, on its own: the replicas that acknowledged every write so far. */
	long await(int replicas, long timeoutMillis) {
		Response<Object> waited = sendWait(replicas, timeoutMillis);
		this.pipeline.sync();
		return (Long) waited.get();
	}

	/** Gives the connection back without its WATCH; a broken one is dropped by the pool. */
	@Override
	public void close() {
		try {
			this.pipeline.sendCommand(new CommandArguments(Command.UNWATCH));
			this.pipeline.close();
		}
		catch (RuntimeException ex) {
			logger.debug("closing a watched connection: {}", ex.toString());
		}
	}

	private Response<Object> sendWatchAndRead() {
		this.pipeline.sendCommand(new CommandArguments(Command.WATCH).key(this.key));
		CommandArguments read = new CommandArguments(Command.HMGET).key(this.key);
		for (String field : this.fields) {
			read.add(field);
		}
		return this.pipeline.sendCommand(read);
	}

	private Response<Object> sendWait(int replicas, long timeoutMillis) {
		return this.pipeline.sendCommand(new CommandArguments(Command.WAIT).add(replicas).add(timeoutMillis));
	}

	/** EXEC's replies, null if the WATCH aborted it. */
	private static List<?> execReplies(Response<Object> exec, List<Response<Object>> queued) {
		try {
			return (List<?>) exec.get();
		}
		catch (JedisDataException ex) {
			// EXECABORT: a command was refused while queued; its own reply names the refusal.
			for (Response<Object> reply : queued) {
				try {
					reply.get();
				}
				catch (JedisDataException refused) {
					throw refused;
				}
			}
			throw ex;
		}
	}

	private static List<String> decode(Object reply) {
		List<String> values = new ArrayList<>();
		for (Object value : (List<?>) reply) {
			values.add((value != null) ? new String((byte[]) value, StandardCharsets.UTF_8) : null);
		}
		return values;
	}

	/**
	 * What a transaction got back.
	 *
	 * @param replies EXEC's replies, a command that failed inside it as an exception; null if the
	 * WATCH aborted the transaction
	 * @param acknowledged replicas that acknowledged it, -1 if no WAIT was asked for
	 */
	record Outcome(List<?> replies, long acknowledged) {
	}

}

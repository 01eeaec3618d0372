package io.logagg.checkpoint;

import java.util.List;
import java.util.function.Function;

import redis.clients.jedis.CommandArguments;

/** Reads sent on a fold's watched connection before its transaction ({@link ChunkWrites#read}). */
public final class WatchedReads {

	private final KeyLayout keys;

	private final Function<List<CommandArguments>, List<Object>> connection;

	WatchedReads(KeyLayout keys, Function<List<CommandArguments>, List<Object>> connection) {
		this.keys = keys;
		this.connection = connection;
	}

	/** The source's keys. */
	public KeyLayout keys() {
		return this.keys;
	}

	/**
	 * Sends {@code commands} as one pipeline and returns their replies in order (RESP2: a hash's
	 * fields and values as one flat list of byte arrays).
	 */
	public List<Object> send(List<CommandArguments> commands) {
		return commands.isEmpty() ? List.of() : this.connection.apply(commands);
	}

}

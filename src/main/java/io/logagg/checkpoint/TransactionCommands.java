package io.logagg.checkpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Protocol.Command;

/**
 * The commands of one chunk's MULTI/EXEC, as the chunk's {@link ChunkWrites} queue them, all on
 * the source's keys (one hash tag, one Cluster slot); the {@link CheckpointStore} adds the
 * checkpoint's last and sends them.
 */
public final class TransactionCommands {

	private final KeyLayout keys;

	private final List<CommandArguments> commands = new ArrayList<>();

	TransactionCommands(KeyLayout keys) {
		this.keys = keys;
	}

	/** The source's keys. */
	public KeyLayout keys() {
		return this.keys;
	}

	/** HINCRBY key field increment. */
	public void hincrBy(String key, String field, long increment) {
		this.commands.add(new CommandArguments(Command.HINCRBY).key(key).add(field).add(increment));
	}

	/** HSET key field value. */
	public void hset(String key, String field, String value) {
		this.commands.add(new CommandArguments(Command.HSET).key(key).add(field).add(value));
	}

	/** RPUSH key values..., then LTRIM key 0 keep-1: a list that keeps its first {@code keep} values. */
	public void pushKeepingFirst(String key, List<String> values, int keep) {
		CommandArguments push = new CommandArguments(Command.RPUSH).key(key);
		values.forEach(push::add);
		this.commands.add(push);
		this.commands.add(new CommandArguments(Command.LTRIM).key(key).add(0).add(keep - 1));
	}

	/** PFADD key elements..., each element's bytes as given (not copied: they must not change until sent). */
	public void pfadd(String key, List<byte[]> elements) {
		CommandArguments add = new CommandArguments(Command.PFADD).key(key);
		for (byte[] element : elements) {
			add.add(new SharedBytes(element));
		}
		this.commands.add(add);
	}

	/**
	 * EXPIRE key seconds: a key of a time bucket lives this long after its last write. Relative to
	 * the write, not to the bucket's time, so that old logs imported today stay to be looked at.
	 */
	public void expire(String key, Duration timeToLive) {
		this.commands.add(new CommandArguments(Command.EXPIRE).key(key).add(timeToLive.toSeconds()));
	}

	/** ZADD key score member. */
	public void zadd(String key, double score, String member) {
		this.commands.add(new CommandArguments(Command.ZADD).key(key).add(score).add(member));
	}

	/** ZREMRANGEBYSCORE key -inf (below: the members scored below {@code below} go. */
	public void zremBelow(String key, double below) {
		this.commands.add(new CommandArguments(Command.ZREMRANGEBYSCORE).key(key).add("-inf").add("(" + below));
	}

	/** EVAL script keys args: a script that must see what it writes (a bounded panel), still in the transaction. */
	public void eval(String script, List<String> keys, List<String> args) {
		CommandArguments eval = new CommandArguments(Command.EVAL).add(script).add(keys.size());
		keys.forEach(eval::key);
		args.forEach(eval::add);
		this.commands.add(eval);
	}

	/**
	 * EVAL script keys args, with the args as bytes: members as the log held them, not decoded (nor
	 * copied: they must not change until sent).
	 */
	public void evalBytes(String script, List<String> keys, List<byte[]> args) {
		CommandArguments eval = new CommandArguments(Command.EVAL).add(script).add(keys.size());
		keys.forEach(eval::key);
		for (byte[] arg : args) {
			eval.add(new SharedBytes(arg));
		}
		this.commands.add(eval);
	}

	/** Any other command; its keys must be the source's. */
	public void add(CommandArguments command) {
		this.commands.add(command);
	}

	List<CommandArguments> list() {
		return this.commands;
	}

}

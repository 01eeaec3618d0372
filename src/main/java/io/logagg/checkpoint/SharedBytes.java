package io.logagg.checkpoint;

import redis.clients.jedis.args.Rawable;

/**
 * A command's argument that Jedis sends as it is: {@code CommandArguments.add(byte[])} copies the
 * array first, and a chunk's pending delta (a quarter of a megabyte of real lines), a fold's
 * members and a chunk's visitors were 0.1-0.3 GB of copies per million lines. The array must not
 * change until the command is sent; the callers build it for the command and drop it after.
 */
record SharedBytes(byte[] raw) implements Rawable {

	@Override
	public byte[] getRaw() {
		return this.raw;
	}

}

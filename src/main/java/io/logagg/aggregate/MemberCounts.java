package io.logagg.aggregate;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import io.logagg.parse.ByteSearch;

/**
 * Counts and response bytes per member (a path, a client, a user agent...), keyed by the member's
 * bytes as they sit in the read buffer: a line whose member the chunk has seen costs a hash and a
 * compare, no String; a new member is copied once. An open-addressing table, not a
 * {@code HashMap}, because the key is a range of a bigger array. Not thread-safe.
 */
final class MemberCounts {

	private static final int INITIAL_CAPACITY = 256;

	/**
	 * What a member costs a chunk beyond its bytes, estimated: its array's header, and the String and
	 * record or map entry that the chunk's writes hold it in. (This table's own slots are reused
	 * from chunk to chunk, and only one chunk is being built at a time.)
	 */
	static final int MEMBER_OVERHEAD = 96;

	private byte[][] keys = new byte[INITIAL_CAPACITY][];

	private int[] hashes = new int[INITIAL_CAPACITY];

	private long[] counts = new long[INITIAL_CAPACITY];

	private long[] bytes = new long[INITIAL_CAPACITY];

	/** A small number kept with the member (a duration bucket): members with two tags count apart. */
	private int[] tags = new int[INITIAL_CAPACITY];

	private int size;

	private long retainedBytes;

	/**
	 * Counts one more line with the member in {@code line[from, to)}.
	 * @return the bytes this table holds now that it did not before: a new member's bytes and
	 * {@link #MEMBER_OVERHEAD}, else 0
	 */
	int add(byte[] line, int from, int to) {
		return add(line, from, to, 0);
	}

	/**
	 * Counts one more line with the member in {@code line[from, to)}, and its response bytes.
	 * @return the bytes this table holds now that it did not before: a new member's bytes and
	 * {@link #MEMBER_OVERHEAD}, else 0
	 */
	int add(byte[] line, int from, int to, long responseBytes) {
		return add(0, line, from, to, responseBytes);
	}

	/**
	 * Counts one more line with the member in {@code line[from, to)} under {@code tag}, and its
	 * response bytes. Returns what the table grew by, so that a caller keeps the memory its tables
	 * hold as a running sum instead of asking each table for it at every line.
	 * @return the bytes this table holds now that it did not before: a new member's bytes and
	 * {@link #MEMBER_OVERHEAD}, else 0
	 */
	int add(int tag, byte[] line, int from, int to, long responseBytes) {
		return add(tag, line, from, to, 1, responseBytes);
	}

	/**
	 * Adds {@code count} requests and their {@code responseBytes} to the member in
	 * {@code line[from, to)} under {@code tag}: what summing chunks' counts does.
	 * @return the bytes this table holds now that it did not before
	 */
	int add(int tag, byte[] line, int from, int to, long count, long responseBytes) {
		return add(tag, line, from, to, count, responseBytes, false);
	}

	/**
	 * As {@link #add(int, byte[], int, int, long, long)} for the whole of {@code key}, which the
	 * table keeps as it is if the member is new: two tables decoded from one delta share it.
	 */
	int addOwned(byte[] key, long count, long responseBytes) {
		return add(0, key, 0, key.length, count, responseBytes, true);
	}

	private int add(int tag, byte[] line, int from, int to, long count, long responseBytes, boolean owned) {
		// Never 0, which marks an empty slot: a probe then reads the hashes, and a key only when its
		// hash matches (one cache miss less per member of a big table than reading the key first).
		int hash = hash(31 + tag, line, from, to) | 1;
		int mask = this.keys.length - 1;
		int slot = mix(hash) & mask;
		while (true) {
			int held = this.hashes[slot];
			if (held == 0) {
				this.keys[slot] = owned ? line : Arrays.copyOfRange(line, from, to);
				this.hashes[slot] = hash;
				this.tags[slot] = tag;
				this.counts[slot] = count;
				this.bytes[slot] = responseBytes;
				int added = to - from + MEMBER_OVERHEAD;
				this.retainedBytes += added;
				if (++this.size * 2 > this.keys.length) {
					grow();
				}
				return added;
			}
			if (held == hash && this.tags[slot] == tag) {
				byte[] key = this.keys[slot];
				if (Arrays.equals(key, 0, key.length, line, from, to)) {
					this.counts[slot] += count;
					this.bytes[slot] += responseBytes;
					return 0;
				}
			}
			slot = (slot + 1) & mask;
		}
	}

	/**
	 * A hash of the bytes read eight at a time, one multiply each (agents and referrers run to a
	 * hundred bytes and more, on every line, in two panels each; byte at a time, this was a tenth of
	 * a real log's CPU). The same bytes hash alike wherever they stand in a buffer; the table mixes
	 * the result again, so only its spread matters.
	 */
	static int hash(int seed, byte[] b, int from, int to) {
		long h = (seed + (long) (to - from)) * 0x9E37_79B9_7F4A_7C15L;
		int i = from;
		for (int end = to - 8; i <= end; i += 8) {
			h = (Long.rotateLeft(h, 25) ^ ByteSearch.longAt(b, i)) * 0x9E37_79B9_7F4A_7C15L;
		}
		if (i < to) {
			long tail = 0;
			for (int shift = 0; i < to; i++, shift += 8) {
				tail |= (b[i] & 0xFFL) << shift;
			}
			h = (Long.rotateLeft(h, 25) ^ tail) * 0x9E37_79B9_7F4A_7C15L;
		}
		return (int) (h ^ (h >>> 32));
	}

	/** Bytes held for distinct members, estimated: what the chunk costs in memory beyond its fixed counters. */
	long retainedBytes() {
		return this.retainedBytes;
	}

	/**
	 * Adds the counts to {@code into}, keyed by the members decoded as UTF-8 (two byte sequences
	 * that are not valid UTF-8 may decode alike: their counts add up), and starts over.
	 */
	void drainTo(Map<String, Long> into) {
		drainTo((member, tag, count, bytes) -> into.merge(member, count, Long::sum));
	}

	/** What {@link #drainTo(Sink)} hands each member to. */
	interface Sink {

		void accept(String member, int tag, long count, long bytes);

	}

	/** Hands each member (decoded as UTF-8), its count and bytes to {@code sink}, keeping them. */
	void forEach(Sink sink) {
		for (int slot = 0; slot < this.keys.length; slot++) {
			if (this.keys[slot] != null) {
				sink.accept(new String(this.keys[slot], StandardCharsets.UTF_8), this.tags[slot], this.counts[slot], this.bytes[slot]);
			}
		}
	}

	/** Hands each member's bytes as held, its count and bytes to {@code sink}, keeping them. */
	void forEachRaw(RawSink sink) {
		for (int slot = 0; slot < this.keys.length; slot++) {
			if (this.keys[slot] != null) {
				sink.accept(this.keys[slot], this.counts[slot], this.bytes[slot]);
			}
		}
	}

	/** What {@link #forEachRaw} hands each member to. */
	interface RawSink {

		void accept(byte[] member, long count, long bytes);

	}

	/** Hands each member (decoded as UTF-8), its count and bytes to {@code sink}, and starts over. */
	void drainTo(Sink sink) {
		for (int slot = 0; slot < this.keys.length; slot++) {
			if (this.keys[slot] != null) {
				sink.accept(new String(this.keys[slot], StandardCharsets.UTF_8), this.tags[slot], this.counts[slot], this.bytes[slot]);
			}
		}
		reset();
	}

	/**
	 * Writes the members as a day's fields of a part's counts ({@link DeltaEncoding}), from their bytes as
	 * read (no String: the read-ahead thread, which does this, is the busy one), and starts over.
	 * @param tagged whether a field is {@code TAG SPACE MEMBER} (slowPaths' duration bucket and path)
	 * rather than the member alone
	 */
	void encodeTo(DeltaEncoding.Writer out, boolean tagged) {
		out.varint(this.size);
		for (int slot = 0; slot < this.keys.length; slot++) {
			byte[] key = this.keys[slot];
			if (key != null) {
				if (tagged) {
					byte[] tag = Integer.toString(this.tags[slot]).getBytes(StandardCharsets.US_ASCII);
					out.varint(tag.length + 1 + key.length);
					out.raw(tag);
					out.raw(SPACE);
					out.raw(key);
				}
				else {
					out.bytes(key);
				}
				out.varint(this.counts[slot]);
				out.varint(this.bytes[slot]);
			}
		}
		reset();
	}

	private static final byte[] SPACE = { ' ' };

	private void reset() {
		if (this.keys.length > INITIAL_CAPACITY * 16) {
			// A chunk of many distinct paths does not make every later chunk sweep a big table.
			this.keys = new byte[INITIAL_CAPACITY][];
			this.hashes = new int[INITIAL_CAPACITY];
			this.counts = new long[INITIAL_CAPACITY];
			this.bytes = new long[INITIAL_CAPACITY];
			this.tags = new int[INITIAL_CAPACITY];
		}
		else {
			Arrays.fill(this.keys, null);
			Arrays.fill(this.hashes, 0);
		}
		this.size = 0;
		this.retainedBytes = 0;
	}

	int size() {
		return this.size;
	}

	private void grow() {
		byte[][] oldKeys = this.keys;
		int[] oldHashes = this.hashes;
		long[] oldCounts = this.counts;
		long[] oldBytes = this.bytes;
		int[] oldTags = this.tags;
		this.keys = new byte[oldKeys.length * 2][];
		this.hashes = new int[oldKeys.length * 2];
		this.counts = new long[oldKeys.length * 2];
		this.bytes = new long[oldKeys.length * 2];
		this.tags = new int[oldKeys.length * 2];
		int mask = this.keys.length - 1;
		for (int old = 0; old < oldKeys.length; old++) {
			if (oldKeys[old] != null) {
				int slot = mix(oldHashes[old]) & mask;
				while (this.keys[slot] != null) {
					slot = (slot + 1) & mask;
				}
				this.keys[slot] = oldKeys[old];
				this.hashes[slot] = oldHashes[old];
				this.counts[slot] = oldCounts[old];
				this.bytes[slot] = oldBytes[old];
				this.tags[slot] = oldTags[old];
			}
		}
	}

	/** Spreads the high bits of a polynomial hash into the low ones the mask keeps. */
	private static int mix(int hash) {
		int h = hash * 0x9E3779B9;
		return h ^ (h >>> 16);
	}

}

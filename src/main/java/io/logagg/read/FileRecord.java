package io.logagg.read;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Set;
import java.util.zip.CRC32C;

import org.springframework.util.Assert;

/**
 * What a source knows of one file it has read from: how far, under which name it was last seen,
 * and the identity that recognises it under any other. Kept per source in Redis, written in the
 * transaction of the chunk that read from the file.
 *
 * @param key the record's stable key, assigned when the file was first read; never reused
 * @param name the file's name when the record was last written
 * @param offset the byte after the last line counted from it (decompressed bytes for gzip)
 * @param identity the file's head, as long as it was when the record was last written
 * @param fileKey the file's device and inode when last seen ({@code (dev=..,ino=..)}), or null:
 * only a hint, since a copy, a compression or a reused inode make it lie
 * @param updated when the record was last written, epoch milliseconds; 0 if not yet
 * @param tail CRC-32C of the {@value #TAIL_BYTES} bytes before {@code offset} (fewer near the
 * start) in a plain file, or {@link #NO_TAIL}: a file is read on from its offset only if it still
 * holds those bytes there, never from the middle of another file's line
 */
public record FileRecord(String key, String name, long offset, FileIdentity identity, String fileKey, long updated,
		long tail) {

	/** Bytes before the offset that {@link #tail} covers. */
	public static final int TAIL_BYTES = 64;

	/** No tail: a gzip file (whose content never changes), or a record written before tails. */
	public static final long NO_TAIL = -1;

	public FileRecord {
		Assert.hasText(key, "key must not be empty");
		Assert.notNull(name, "name must not be null");
		Assert.notNull(identity, "identity must not be null");
		Assert.isTrue(offset >= 0, "offset must not be negative");
	}

	/** A record without a tail. */
	public FileRecord(String key, String name, long offset, FileIdentity identity, String fileKey, long updated) {
		this(key, name, offset, identity, fileKey, updated, NO_TAIL);
	}

	/**
	 * The {@link #tail} of a plain file at {@code offset}, read without moving the channel's
	 * position; {@link #NO_TAIL} if those bytes cannot all be read.
	 */
	public static long tailOf(FileChannel channel, long offset) throws IOException {
		int length = (int) Math.min(TAIL_BYTES, offset);
		ByteBuffer bytes = ByteBuffer.allocate(length);
		while (bytes.hasRemaining()) {
			if (channel.read(bytes, offset - length + bytes.position()) <= 0) {
				return NO_TAIL;
			}
		}
		CRC32C crc = new CRC32C();
		crc.update(bytes.array(), 0, length);
		return crc.getValue();
	}

	/** The key a file first read with this identity gets, unless {@code taken} already holds it. */
	static String newKey(FileIdentity identity, Set<String> taken) {
		String key = Long.toHexString(identity.headChecksum()) + "-" + identity.headLength();
		String unique = key;
		for (int n = 2; taken.contains(unique); n++) {
			unique = key + "." + n;
		}
		return unique;
	}

}

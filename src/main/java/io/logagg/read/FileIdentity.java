package io.logagg.read;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * What a file looked like when it was opened: its size and a checksum of its first bytes (of its
 * decompressed content, for a gzip file), kept with the checkpoint and with each file's record, as
 * log shippers do, so that a later run recognises the file under another name (a rotation renames
 * it, compresses it, copies it) and tells it from a new file that took its name.
 *
 * <p>A file shorter than {@value #HEAD_BYTES} bytes is identified by what it held: its identity
 * grows with it, and the longer head is kept the next time its record is written.
 *
 * @param size the file's size in bytes when it was opened (compressed size for a gzip file)
 * @param headLength how many leading bytes the checksum covers: at most {@value #HEAD_BYTES}
 * @param headChecksum CRC-32C of those bytes
 */
public record FileIdentity(long size, int headLength, long headChecksum) {

	/** Bytes at the head of a file that identify it. */
	public static final int HEAD_BYTES = 1024;

	/** The identity of an open plain file, read without moving the channel's position. */
	public static FileIdentity of(FileChannel channel) throws IOException {
		return FileHead.read(channel, false).identity(channel.size());
	}

	/** True if both were taken of the same first bytes, whatever the sizes. */
	public boolean sameHead(FileIdentity other) {
		return other != null && this.headLength == other.headLength && this.headChecksum == other.headChecksum;
	}

}

package io.logagg.read;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * What a file looked like when it was opened: its size and a checksum of its first bytes, kept
 * with the checkpoint (as log shippers do) so that a later run can tell the same file, grown,
 * from a file that was truncated or replaced under the same name.
 *
 * @param size the file's size in bytes when it was opened
 * @param headLength how many leading bytes the checksum covers: at most {@value #HEAD_BYTES}
 * @param headChecksum CRC-32C of those bytes
 */
public record FileIdentity(long size, int headLength, long headChecksum) {

	/** Bytes at the head of a file that identify it. */
	public static final int HEAD_BYTES = 1024;

	/** The identity of an open file, read without moving the channel's position. */
	public static FileIdentity of(FileChannel channel) throws IOException {
		long size = channel.size();
		int length = (int) Math.min(HEAD_BYTES, size);
		return new FileIdentity(size, length, checksum(channel, length));
	}

	/**
	 * True if the file on the channel can be the file this identity was taken of, grown since:
	 * it is not smaller, and its first {@link #headLength} bytes are the same.
	 */
	public boolean matches(FileChannel channel) throws IOException {
		long size = channel.size();
		return size >= this.size && checksum(channel, this.headLength) == this.headChecksum;
	}

	private static long checksum(FileChannel channel, int length) throws IOException {
		ByteBuffer head = ByteBuffer.allocate(length);
		while (head.hasRemaining() && channel.read(head, head.position()) > 0) {
			// positional reads leave the channel's position alone
		}
		CRC32C crc = new CRC32C();
		crc.update(head.flip());
		return crc.getValue();
	}

}

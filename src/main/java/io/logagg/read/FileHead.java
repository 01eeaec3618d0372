package io.logagg.read;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The first bytes of a file's content, decompressed for a gzip file: what tells one log file from
 * another whatever its name, since a rename, a copy or a compression keeps them. Reads at most
 * {@link FileIdentity#HEAD_BYTES} bytes, never the whole file.
 */
public final class FileHead {

	private final byte[] bytes;

	private FileHead(byte[] bytes) {
		this.bytes = bytes;
	}

	/** A head made of these bytes (at most {@link FileIdentity#HEAD_BYTES} are kept). */
	public static FileHead of(byte[] content) {
		return new FileHead(Arrays.copyOf(content, Math.min(content.length, FileIdentity.HEAD_BYTES)));
	}

	/**
	 * Reads the head of an open file without moving the channel's position.
	 * @param gzip whether the file is gzip-compressed: its decompressed bytes are the head
	 */
	public static FileHead read(FileChannel channel, boolean gzip) throws IOException {
		if (!gzip) {
			ByteBuffer head = ByteBuffer.allocate((int) Math.min(FileIdentity.HEAD_BYTES, channel.size()));
			while (head.hasRemaining() && channel.read(head, head.position()) > 0) {
				// positional reads leave the channel's position alone
			}
			return new FileHead(Arrays.copyOf(head.array(), head.position()));
		}
		byte[] head = new byte[FileIdentity.HEAD_BYTES];
		int length = 0;
		try (InputStream in = new GZIPInputStream(new PositionalStream(channel), 4096)) {
			int n;
			while (length < head.length && (n = in.read(head, length, head.length - length)) > 0) {
				length += n;
			}
		}
		catch (EOFException | ZipException ex) {
			// A gzip file still being written (or empty so far): its head is what decompresses now.
		}
		return new FileHead(Arrays.copyOf(head, length));
	}

	/** Bytes in this head: {@link FileIdentity#HEAD_BYTES}, or the whole content if shorter. */
	public int length() {
		return this.bytes.length;
	}

	/** CRC-32C of the first {@code length} bytes. */
	public long checksum(int length) {
		CRC32C crc = new CRC32C();
		crc.update(this.bytes, 0, length);
		return crc.getValue();
	}

	/** The identity of a file with this head and size. */
	public FileIdentity identity(long size) {
		return new FileIdentity(size, length(), checksum(length()));
	}

	/** True if this head begins with the head that {@code identity} was taken of. */
	public boolean startsWith(FileIdentity identity) {
		return identity.headLength() <= length() && checksum(identity.headLength()) == identity.headChecksum();
	}

	/** Reads a channel from its start with positional reads, leaving it open and its position alone. */
	private static final class PositionalStream extends InputStream {

		private final FileChannel channel;

		private long position;

		PositionalStream(FileChannel channel) {
			this.channel = channel;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.channel.read(ByteBuffer.wrap(buffer, offset, length), this.position);
			if (n > 0) {
				this.position += n;
			}
			return n;
		}

	}

}

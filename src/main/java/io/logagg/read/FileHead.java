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
 * {@link FileIdentity#HEAD_BYTES} bytes after any NUL bytes the content starts with, never the
 * whole file.
 *
 * <p>Leading NUL bytes are not content: a writer that does not append ({@code app > access.log},
 * systemd's {@code StandardOutput=file:}) keeps its offset after {@code copytruncate}, so every
 * later file starts with the same run of NULs (a hole), which would make them all one identity.
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
		if (gzip) {
			requireGzipMagic(channel);
		}
		byte[] head = new byte[FileIdentity.HEAD_BYTES];
		int length = 0;
		try (InputStream in = gzip ? new GZIPInputStream(new PositionalStream(channel), 4096)
				: new PositionalStream(channel)) {
			byte[] block = new byte[8192];
			int n;
			// Past the leading NULs, however long: a hole reads fast, and no other first bytes exist.
			while (length == 0 && (n = in.read(block, 0, block.length)) > 0) {
				int from = 0;
				while (from < n && block[from] == 0) {
					from++;
				}
				length = Math.min(n - from, head.length);
				System.arraycopy(block, from, head, 0, length);
			}
			while (length > 0 && length < head.length && (n = in.read(head, length, head.length - length)) > 0) {
				length += n;
			}
		}
		catch (EOFException | ZipException ex) {
			// A gzip file still being written (or empty so far): its head is what decompresses now.
		}
		return new FileHead(Arrays.copyOf(head, length));
	}

	/** Refuses a file named {@code .gz} that is not gzip data (bzip2's output renamed, say). */
	private static void requireGzipMagic(FileChannel channel) throws IOException {
		ByteBuffer magic = ByteBuffer.allocate(2);
		while (magic.hasRemaining() && channel.read(magic, magic.position()) > 0) {
			// positional reads leave the channel's position alone
		}
		if (!magic.hasRemaining() && ((magic.get(0) & 0xff) != 0x1f || (magic.get(1) & 0xff) != 0x8b)) {
			throw new NotGzipException(String.format("starts with bytes %02x %02x, not gzip's 1f 8b%s", magic.get(0) & 0xff,
					magic.get(1) & 0xff, (magic.get(0) == 'B' && magic.get(1) == 'Z') ? " (bzip2 data?)" : ""));
		}
	}

	/** A file named as gzip whose content is not. */
	public static final class NotGzipException extends IOException {

		NotGzipException(String message) {
			super(message);
		}

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

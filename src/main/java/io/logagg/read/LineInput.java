package io.logagg.read;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.util.zip.GZIPInputStream;

/**
 * The bytes of one input file from a given offset: a plain file read through its channel after a
 * seek, or a gzip file decompressed on the fly, whose offsets count decompressed bytes and whose
 * start offset is reached by decompressing and discarding, never keeping, what comes before.
 */
abstract sealed class LineInput implements AutoCloseable {

	/** Reads up to {@code length} bytes; -1 at the end of what the file holds now. */
	abstract int read(byte[] buffer, int offset, int length) throws IOException;

	@Override
	public abstract void close() throws IOException;

	/**
	 * Opens the file's content at {@code offset}.
	 * @return the input, or null if the content is shorter than {@code offset}
	 */
	static LineInput open(FileChannel channel, boolean gzip, long offset) throws IOException {
		if (!gzip) {
			if (channel.size() < offset) {
				return null;
			}
			channel.position(offset);
			return new Plain(channel);
		}
		channel.position(0);
		Gzip input = new Gzip(new GZIPInputStream(Channels.newInputStream(channel), 1 << 16));
		return input.skip(offset) ? input : null;
	}

	/** The {@link FileRecord#tail} at {@code offset}: {@link FileRecord#NO_TAIL} for gzip. */
	long tailAt(long offset) throws IOException {
		return FileRecord.NO_TAIL;
	}

	/** True if the input ended where its format says it ends; false for a gzip stream cut short. */
	boolean endedCleanly() {
		return true;
	}

	/**
	 * The uncompressed length a gzip file's trailer states (modulo 2^32: the format keeps 32 bits),
	 * read from its last four bytes; -1 if the file is too short to have one.
	 */
	static long gzipTrailerLength(FileChannel channel) throws IOException {
		long size = channel.size();
		if (size < 18) {
			return -1;
		}
		ByteBuffer trailer = ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
		while (trailer.hasRemaining() && channel.read(trailer, size - 4 + trailer.position()) > 0) {
			// positional reads leave the channel's position alone
		}
		return trailer.hasRemaining() ? -1 : Integer.toUnsignedLong(trailer.getInt(0));
	}

	/** The length of a gzip file's content, found by decompressing it all (and keeping none of it). */
	static long gzipContentLength(FileChannel channel) throws IOException {
		try (LineInput input = open(channel, true, 0)) {
			byte[] buffer = new byte[1 << 16];
			long length = 0;
			int n;
			while ((n = input.read(buffer, 0, buffer.length)) > 0) {
				length += n;
			}
			return length;
		}
	}

	static final class Plain extends LineInput {

		private final FileChannel channel;

		Plain(FileChannel channel) {
			this.channel = channel;
		}

		@Override
		int read(byte[] buffer, int offset, int length) throws IOException {
			return this.channel.read(ByteBuffer.wrap(buffer, offset, length));
		}

		@Override
		long tailAt(long offset) throws IOException {
			return FileRecord.tailOf(this.channel, offset);
		}

		@Override
		public void close() throws IOException {
			this.channel.close();
		}

	}

	static final class Gzip extends LineInput {

		private final InputStream in;

		private boolean cutShort;

		Gzip(InputStream in) {
			this.in = in;
		}

		boolean skip(long bytes) throws IOException {
			long left = bytes;
			while (left > 0) {
				long skipped = this.in.skip(left);
				if (skipped <= 0) {
					if (read() < 0) {
						return false;
					}
					skipped = 1;
				}
				left -= skipped;
			}
			return true;
		}

		private int read() throws IOException {
			try {
				return this.in.read();
			}
			catch (EOFException ex) {
				return -1;
			}
		}

		@Override
		int read(byte[] buffer, int offset, int length) throws IOException {
			try {
				return this.in.read(buffer, offset, length);
			}
			catch (EOFException ex) {
				// A gzip file still being written ends mid-stream: what is there so far is all there is.
				this.cutShort = true;
				return -1;
			}
		}

		@Override
		boolean endedCleanly() {
			return !this.cutShort;
		}

		@Override
		public void close() throws IOException {
			this.in.close();
		}

	}

}

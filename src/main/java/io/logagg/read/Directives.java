package io.logagg.read;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.util.zip.GZIPInputStream;

import io.logagg.parse.LineParser;

/**
 * The directives of a file before the offset a run starts at, handed to a format whose lines
 * depend on them (W3C's {@code #Fields:}), so that a run that resumes mid-file reads its lines as
 * the file's header says. Reads the file's start once per run, only for such formats.
 */
final class Directives {

	private Directives() {
	}

	/** Reads {@code channel}'s content up to {@code end} and hands each line starting with {@code #} to the format. */
	static void replay(FileChannel channel, boolean gzip, long end, LineParser format) throws IOException {
		channel.position(0);
		// The channel stays open: the reader reads on from it.
		InputStream raw = new FilterInputStream(Channels.newInputStream(channel)) {
			@Override
			public void close() {
			}
		};
		try (InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
			byte[] buffer = new byte[1 << 16];
			byte[] line = new byte[4096];
			int length = 0;
			boolean directive = true;
			long read = 0;
			while (read < end) {
				int n = in.read(buffer, 0, (int) Math.min(buffer.length, end - read));
				if (n < 0) {
					break;
				}
				for (int k = 0; k < n; k++) {
					byte c = buffer[k];
					if (c == '\n') {
						if (directive && length > 0) {
							int to = (line[length - 1] == '\r') ? length - 1 : length;
							format.directive(line, 0, to);
						}
						length = 0;
						directive = true;
						continue;
					}
					if (length == 0) {
						directive = c == '#';
					}
					if (directive) {
						if (length == line.length) {
							line = java.util.Arrays.copyOf(line, line.length * 2);
						}
						line[length++] = c;
					}
					else {
						length++;
					}
				}
				read += n;
			}
		}
	}

}

package io.logagg.read;

import java.util.List;

/**
 * What a run has to read, known when the reader opens: the files from the start position on, with
 * their sizes then. Turns a position into bytes done, for progress and backlog.
 *
 * @param start where reading starts
 * @param files the files to read, in order, the start file first if it is among them
 * @param sizes their sizes when listed
 */
public record ReadPlan(FilePosition start, List<String> files, List<Long> sizes) {

	public ReadPlan {
		files = List.copyOf(files);
		sizes = List.copyOf(sizes);
	}

	/** Bytes from the start position to the end of the last file. */
	public long total() {
		return done(null);
	}

	/**
	 * Bytes from the start position up to {@code position}; with null, to the end. Offsets of
	 * gzip files count decompressed bytes and are capped at the compressed size.
	 */
	public long done(FilePosition position) {
		long done = 0;
		for (int i = 0; i < this.files.size(); i++) {
			String file = this.files.get(i);
			long size = this.sizes.get(i);
			long from = file.equals(this.start.file()) ? Math.min(this.start.offset(), size) : 0;
			if (position != null && file.equals(position.file())) {
				return done + Math.max(0, Math.min(position.offset(), size) - from);
			}
			done += size - from;
		}
		return done;
	}

}

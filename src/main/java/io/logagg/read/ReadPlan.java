package io.logagg.read;

import java.util.List;

/**
 * What a run has to read, known when the reader opens: the files with something new (or possibly
 * new), oldest content first, each from its own offset; and what the first chunk must store of
 * the files it does not read. Turns a position into bytes done, for progress and backlog.
 *
 * @param start the checkpoint reading starts from
 * @param files the files to read, in order
 * @param imported records the first chunk stores for files not read now: those an old-layout
 * checkpoint implied were read (see {@link ReadState#recorded()})
 * @param forgotten keys of records the first chunk drops
 * @param warnings what the operator should hear about (a file skipped, rewritten, gone), for the
 * run that reads the plan to log: a check that only looks (an idle run's, a backlog metric's)
 * stays quiet
 */
public record ReadPlan(FilePosition start, List<PlannedFile> files, List<FileRecord> imported, List<String> forgotten,
		List<String> warnings) {

	public ReadPlan {
		warnings = List.copyOf(warnings);
		files = List.copyOf(files);
		imported = List.copyOf(imported);
		forgotten = List.copyOf(forgotten);
	}

	/**
	 * Where reading begins: the first planned file at its start offset; the checkpoint when there
	 * is nothing to read, or on a first run ({@link FilePosition#BEGINNING}).
	 */
	public FilePosition firstRead() {
		return (this.files.isEmpty() || this.start.equals(FilePosition.BEGINNING)) ? this.start
				: new FilePosition(this.files.get(0).name(), this.files.get(0).start(), this.files.get(0).identity());
	}

	/** Bytes from each file's start offset to its end. */
	public long total() {
		return done(null);
	}

	/**
	 * Bytes from the files' start offsets up to {@code position}; with null, to the end. Offsets of
	 * gzip files count decompressed bytes and are capped at the compressed size.
	 */
	public long done(FilePosition position) {
		long done = 0;
		for (PlannedFile file : this.files) {
			long from = Math.min(file.start(), file.size());
			if (position != null && file.name().equals(position.file())) {
				return done + Math.max(0, Math.min(position.offset(), file.size()) - from);
			}
			done += file.size() - from;
		}
		return done;
	}

}

package io.logagg.read;

import java.util.List;

/**
 * What a chunk changes in its source's file records: the records it writes (the files it read
 * from, the last one being where its lines end) and the keys of records it drops.
 *
 * @param records records to write, in order; a later one for the same key wins
 * @param forgotten keys of records of files long gone from the input directory
 */
public record FilesUpdate(List<FileRecord> records, List<String> forgotten) {

	/** A chunk that touches no record: the checkpoint alone moves. */
	public static final FilesUpdate NONE = new FilesUpdate(List.of(), List.of());

	public FilesUpdate {
		records = List.copyOf(records);
		forgotten = List.copyOf(forgotten);
	}

	/** The record of the file the chunk's lines end in, or null if none is written. */
	public FileRecord last() {
		return this.records.isEmpty() ? null : this.records.get(this.records.size() - 1);
	}

}

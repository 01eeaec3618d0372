package io.logagg.read;

/**
 * A file a run reads, and where: from its record's offset, or from 0 if it is new.
 *
 * @param name the file's name in the input directory
 * @param start the offset to read from
 * @param size its size when listed (compressed size for gzip)
 * @param gzip whether it is decompressed as it is read
 * @param identity its head when listed
 * @param recordKey the key its record is written under
 * @param fileKey its device and inode, or null
 * @param holdsTail whether an unterminated last line is left for a later run, because the server
 * may still be writing it: the live file of a rotated log, its newest uncompressed rotation (written
 * until the server reopens its log), and the last file of all
 * @param unreadable why the file could not be opened when listed, or null: the run fails when
 * it comes to it, having read the files before it
 */
public record PlannedFile(String name, long start, long size, boolean gzip, FileIdentity identity, String recordKey,
		String fileKey, boolean holdsTail, String unreadable) {

	/** A file that could not be opened to be identified. */
	static PlannedFile unreadable(String name, boolean gzip, String reason) {
		return new PlannedFile(name, 0, 0, gzip, null, null, null, true, reason);
	}

	/** The record of this file read up to {@code offset}, whose {@link FileRecord#tail} is {@code tail}. */
	public FileRecord record(long offset, long tail) {
		return new FileRecord(this.recordKey, this.name, offset, this.identity, this.fileKey, 0, tail);
	}

}

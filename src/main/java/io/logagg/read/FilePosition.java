package io.logagg.read;

import org.springframework.util.Assert;

/**
 * A place in the sorted sequence of input files: the name of a file (no directory) and the byte
 * offset of the next line to read in it.
 *
 * <p>{@link #BEGINNING} has an empty name, which sorts before every file name, so a reader started
 * there reads every file from its first byte.
 *
 * <p>The identity of the file, when known, travels with the position so that the checkpoint can
 * store it; two positions are the same place when file and offset are equal ({@link #samePlace}).
 *
 * @param file file name, relative to the input directory
 * @param offset byte offset, always just after a {@code \n} (or 0); in a gzip file, of the
 * decompressed content
 * @param identity what the file looked like when it was opened, or null if unknown
 */
public record FilePosition(String file, long offset, FileIdentity identity) {

	/** Before the first byte of the first file: where a source with no checkpoint starts. */
	public static final FilePosition BEGINNING = new FilePosition("", 0);

	public FilePosition {
		Assert.notNull(file, "file must not be null");
		Assert.isTrue(offset >= 0, "offset must not be negative");
	}

	/** A position whose file identity is unknown. */
	public FilePosition(String file, long offset) {
		this(file, offset, null);
	}

	/** True if both name the same byte of the same file name, whatever their identities. */
	public boolean samePlace(FilePosition other) {
		return this.offset == other.offset && this.file.equals(other.file);
	}

	@Override
	public String toString() {
		return this.file.isEmpty() ? "the beginning" : this.file + "@" + this.offset;
	}

}

package io.logagg.read;

import org.springframework.util.Assert;

/**
 * A place in the input files: the name of a file (relative to the input directory) and the byte
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

	/**
	 * True if both name the same byte of the same file name and, when both know it, of the same
	 * file: after a rotation a new file may reach the offset of the old one under its name.
	 */
	public boolean samePlace(FilePosition other) {
		boolean sameFile = this.identity == null || other.identity == null || this.identity.sameHead(other.identity);
		return this.offset == other.offset && this.file.equals(other.file) && sameFile;
	}

	@Override
	public String toString() {
		return this.file.isEmpty() ? "the beginning" : this.file + "@" + this.offset;
	}

}

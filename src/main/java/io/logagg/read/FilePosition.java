package io.logagg.read;

import org.springframework.util.Assert;

/**
 * A place in the sorted sequence of input files: the name of a file (no directory) and the byte
 * offset of the next line to read in it.
 *
 * <p>{@link #BEGINNING} has an empty name, which sorts before every file name, so a reader started
 * there reads every file from its first byte.
 *
 * @param file file name, relative to the input directory
 * @param offset byte offset, always just after a {@code \n} (or 0)
 */
public record FilePosition(String file, long offset) {

	/** Before the first byte of the first file: where a source with no checkpoint starts. */
	public static final FilePosition BEGINNING = new FilePosition("", 0);

	public FilePosition {
		Assert.notNull(file, "file must not be null");
		Assert.isTrue(offset >= 0, "offset must not be negative");
	}

	@Override
	public String toString() {
		return this.file.isEmpty() ? "the beginning" : this.file + "@" + this.offset;
	}

}

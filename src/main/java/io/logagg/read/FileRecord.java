package io.logagg.read;

import java.util.Set;

import org.springframework.util.Assert;

/**
 * What a source knows of one file it has read from: how far, under which name it was last seen,
 * and the identity that recognises it under any other. Kept per source in Redis, written in the
 * transaction of the chunk that read from the file.
 *
 * @param key the record's stable key, assigned when the file was first read; never reused
 * @param name the file's name when the record was last written
 * @param offset the byte after the last line counted from it (decompressed bytes for gzip)
 * @param identity the file's head, as long as it was when the record was last written
 * @param fileKey the file's device and inode when last seen ({@code (dev=..,ino=..)}), or null:
 * only a hint, since a copy, a compression or a reused inode make it lie
 * @param updated when the record was last written, epoch milliseconds; 0 if not yet
 */
public record FileRecord(String key, String name, long offset, FileIdentity identity, String fileKey, long updated) {

	public FileRecord {
		Assert.hasText(key, "key must not be empty");
		Assert.notNull(name, "name must not be null");
		Assert.notNull(identity, "identity must not be null");
		Assert.isTrue(offset >= 0, "offset must not be negative");
	}

	/** The key a file first read with this identity gets, unless {@code taken} already holds it. */
	static String newKey(FileIdentity identity, Set<String> taken) {
		String key = Long.toHexString(identity.headChecksum()) + "-" + identity.headLength();
		String unique = key;
		for (int n = 2; taken.contains(unique); n++) {
			unique = key + "." + n;
		}
		return unique;
	}

}

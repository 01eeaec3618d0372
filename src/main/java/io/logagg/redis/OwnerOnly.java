package io.logagg.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Files and directories only their owner may use: {@code 0700} directories, {@code 0600} files.
 * The private Redis's directory holds its data and its password; another user of the machine must
 * not read, change or reach either. A file system without POSIX permissions is left as it is.
 */
final class OwnerOnly {

	private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

	private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

	private OwnerOnly() {
	}

	/** Makes a directory {@code 0700} and each file and directory in it (not deeper) the owner's only. */
	static void restrict(Path directory) throws IOException {
		if (!posix(directory)) {
			return;
		}
		Files.setPosixFilePermissions(directory, DIRECTORY);
		try (Stream<Path> entries = Files.list(directory)) {
			for (Path entry : entries.toList()) {
				if (Files.isSymbolicLink(entry)) {
					continue;
				}
				try {
					Files.setPosixFilePermissions(entry, Files.isDirectory(entry) ? DIRECTORY : FILE);
				}
				catch (java.nio.file.NoSuchFileException ex) {
					// gone meanwhile (a user's registration, a temporary file of the server)
				}
			}
		}
	}

	/** Writes a new file created {@code 0600}, so that it is never readable by others, even for a moment. */
	static void writeString(Path file, String content) throws IOException {
		Files.deleteIfExists(file);
		if (posix(file.getParent())) {
			Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
		}
		Files.writeString(file, content, StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
				StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
	}

	private static boolean posix(Path path) {
		return path.getFileSystem().supportedFileAttributeViews().contains("posix");
	}

}

package io.logagg.read;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Lists the files of an input directory that the job reads, in the order it reads them: names
 * matching a glob, regular files (symbolic links followed), sorted by the bytes of their UTF-8
 * names as {@code sorted(os.listdir())} does in Python. Subdirectories are ignored, or, when
 * recursive, walked: their files are then named by their path relative to the input directory,
 * with {@code /} between the parts, and sorted by that name.
 */
public final class InputFiles {

	/** Unsigned byte order of UTF-8 names, which is also Unicode code point order. */
	public static final Comparator<String> NAME_ORDER = (a, b) -> {
		byte[] x = a.getBytes(StandardCharsets.UTF_8);
		byte[] y = b.getBytes(StandardCharsets.UTF_8);
		return java.util.Arrays.compareUnsigned(x, y);
	};

	private InputFiles() {
	}

	/**
	 * @param directory the input directory
	 * @param glob a glob for file names, e.g. {@code *.log}
	 * @return the matching file names, in reading order
	 * @throws IOException if the directory cannot be listed
	 */
	public static List<String> list(Path directory, String glob) throws IOException {
		return list(directory, glob, false);
	}

	/**
	 * @param directory the input directory
	 * @param glob a glob for file names (not paths), e.g. {@code *.log}
	 * @param recursive whether to read subdirectories too
	 * @return the matching file names or relative paths, in reading order
	 * @throws IOException if the directory cannot be listed
	 */
	public static List<String> list(Path directory, String glob, boolean recursive) throws IOException {
		PathMatcher matcher = directory.getFileSystem().getPathMatcher("glob:" + glob);
		try (Stream<Path> entries = recursive ? Files.walk(directory, FileVisitOption.FOLLOW_LINKS) : Files.list(directory)) {
			return entries.filter(p -> p.getFileName() != null && matcher.matches(p.getFileName()))
				.filter(Files::isRegularFile)
				.map(p -> relativeName(directory, p))
				.sorted(NAME_ORDER)
				.toList();
		}
	}

	private static String relativeName(Path directory, Path file) {
		Path relative = directory.relativize(file);
		StringBuilder name = new StringBuilder();
		for (Path part : relative) {
			if (name.length() > 0) {
				name.append('/');
			}
			name.append(part);
		}
		return name.toString();
	}

}

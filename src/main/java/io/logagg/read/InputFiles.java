package io.logagg.read;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Lists the files of an input directory that the job reads, in the order it reads them: names
 * matching a glob, regular files (symbolic links followed), sorted by the bytes of their UTF-8
 * names as {@code sorted(os.listdir())} does in Python.
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
		PathMatcher matcher = directory.getFileSystem().getPathMatcher("glob:" + glob);
		try (Stream<Path> entries = Files.list(directory)) {
			return entries.filter(p -> matcher.matches(p.getFileName()))
				.filter(Files::isRegularFile)
				.map(p -> p.getFileName().toString())
				.sorted(NAME_ORDER)
				.toList();
		}
	}

}

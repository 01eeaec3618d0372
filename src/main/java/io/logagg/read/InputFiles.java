package io.logagg.read;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Lists the files of an input directory that the job may read: names matching a glob, regular
 * files (symbolic links followed), in the byte order of their UTF-8 names, as
 * {@code sorted(os.listdir())} does in Python. Subdirectories are ignored, or, when recursive,
 * walked: their files are then named by their path relative to the input directory, with
 * {@code /} between the parts.
 *
 * <p>One odd entry never keeps the others from being read: a name this JVM cannot decode (not
 * UTF-8, or any non-ASCII name when no UTF-8 locale is set, as under cron) and a symbolic link
 * loop are left out with a warning that says why and what to do.
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
	 * The files to consider, and what was left out.
	 *
	 * @param names the matching file names or relative paths, in byte order
	 * @param warnings one per entry left out, naming it (its bytes escaped) and why
	 * @param pattern whether the pattern matches a file name (not a path), to tell an operator
	 * whether it would match a rotated name
	 */
	public record Listing(List<String> names, List<String> warnings, Predicate<String> pattern) {

		public Listing {
			names = List.copyOf(names);
			warnings = List.copyOf(warnings);
		}

		/** A listing of these names, with a pattern that matches every name. */
		public Listing(List<String> names, List<String> warnings) {
			this(names, warnings, name -> true);
		}

	}

	/**
	 * The matching files, in byte order, and what was left out.
	 * @param directory the input directory
	 * @param glob a glob for file names (not paths), e.g. {@code *.log}
	 * @param recursive whether to read subdirectories too
	 * @throws IOException if the directory itself cannot be listed
	 */
	public static Listing listing(Path directory, String glob, boolean recursive) throws IOException {
		return listing(directory, glob, recursive, null);
	}

	/**
	 * The matching files, in byte order, and what was left out, never reading {@code skipped}.
	 * @param skipped a directory never walked into (logagg's data directory, whose Redis log and
	 * job repository would otherwise be read as logs under {@code --recursive}), or null
	 */
	public static Listing listing(Path directory, String glob, boolean recursive, Path skipped) throws IOException {
		PathMatcher matcher = directory.getFileSystem().getPathMatcher("glob:" + glob);
		List<Path> found = new ArrayList<>();
		List<String> warnings = new ArrayList<>();
		if (recursive) {
			walk(directory, found, warnings, (skipped != null && Files.isDirectory(skipped)) ? skipped : null);
		}
		else {
			try (Stream<Path> entries = Files.list(directory)) {
				entries.forEach(found::add);
			}
		}
		List<String> names = new ArrayList<>();
		for (Path path : found) {
			if (path.getFileName() == null || !matcher.matches(path.getFileName()) || !Files.isRegularFile(path)) {
				continue;
			}
			String name = relativeName(directory, path);
			if (!sameFile(directory, name, path)) {
				warnings.add("skipping " + escaped(path) + ": " + undecodable());
				continue;
			}
			names.add(name);
		}
		names.sort(NAME_ORDER);
		return new Listing(names, warnings, name -> {
			try {
				return matcher.matches(Path.of(name).getFileName());
			}
			catch (InvalidPathException ex) {
				return false;
			}
		});
	}

	private static void walk(Path directory, List<Path> found, List<String> warnings, Path skipped) throws IOException {
		Files.walkFileTree(directory, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
				new SimpleFileVisitor<>() {

					@Override
					public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
						return (skipped != null && Files.isSameFile(dir, skipped)) ? FileVisitResult.SKIP_SUBTREE
								: FileVisitResult.CONTINUE;
					}

					@Override
					public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
						found.add(file);
						return FileVisitResult.CONTINUE;
					}

					@Override
					public FileVisitResult visitFileFailed(Path file, IOException ex) throws IOException {
						if (ex instanceof FileSystemLoopException) {
							warnings.add("skipping " + PrintableName.of(file.toString()) + ": a symbolic link loop (it leads back to "
									+ "a directory above it); remove the link or leave out --recursive");
							return FileVisitResult.CONTINUE;
						}
						throw ex;
					}

				});
	}

	/** True if the name, turned back into a path, is the entry it was made of. */
	private static boolean sameFile(Path directory, String name, Path path) {
		try {
			return directory.resolve(name).equals(path) && name.indexOf('\uFFFD') < 0;
		}
		catch (InvalidPathException ex) {
			return false;
		}
	}

	private static String undecodable() {
		String encoding = System.getProperty("sun.jnu.encoding", "UTF-8");
		if (!encoding.equalsIgnoreCase("UTF-8") && !encoding.equalsIgnoreCase("UTF8")) {
			return "this JVM decodes file names as " + encoding + " because no UTF-8 locale is set (cron sets none): "
					+ "run logagg with LANG=C.UTF-8 (or rename the file to ASCII)";
		}
		return "its name is not valid UTF-8, so it cannot be named, checkpointed or reported; rename it";
	}

	/** A path for a message: its bytes as the URI form shows them ({@code d%FF%FE.log}). */
	private static String escaped(Path path) {
		try {
			return path.toUri().getRawPath();
		}
		catch (RuntimeException ex) {
			return PrintableName.of(path.toString());
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

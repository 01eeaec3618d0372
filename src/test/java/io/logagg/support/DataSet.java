package io.logagg.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import io.logagg.bench.AccessLogGenerator;

/** Generated access logs in a directory, with helpers to count what lies before a position. */
public final class DataSet {

	private DataSet() {
	}

	/** Writes {@code files} files of {@code linesPerFile} lines ({@code access-N.log}), 0.1 % malformed. */
	public static List<Path> generate(Path directory, int files, int linesPerFile) throws IOException {
		List<Path> written = new ArrayList<>();
		for (int i = 0; i < files; i++) {
			Path file = directory.resolve("access-" + i + ".log");
			new AccessLogGenerator(1000 + i, ZonedDateTime.parse("2026-11-20T00:00:00Z").plusDays(i), 0.001).write(file,
					linesPerFile);
			written.add(file);
		}
		return written;
	}

	/** The independent count of the lines before {@code file@offset} in the sorted files. */
	public static IndependentCount countBefore(List<Path> files, String file, long offset) throws IOException {
		List<byte[]> lines = new ArrayList<>();
		for (Path path : files.stream().sorted().toList()) {
			String name = path.getFileName().toString();
			byte[] content = Files.readAllBytes(path);
			if (name.compareTo(file) < 0) {
				lines.addAll(IndependentCount.completeLines(content));
			}
			else if (name.equals(file)) {
				lines.addAll(IndependentCount.completeLines(java.util.Arrays.copyOf(content, (int) offset)));
			}
		}
		return IndependentCount.of(lines, IndependentCount.DEFAULT_MAX_LINE_BYTES);
	}

}

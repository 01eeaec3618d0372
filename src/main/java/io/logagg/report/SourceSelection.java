package io.logagg.report;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.logagg.checkpoint.KeyLayout;
import io.logagg.config.InvalidSettingException;
import io.logagg.config.LogaggProperties;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The sources a report reads: {@code --source} as given (one name, a comma list, globs such as
 * {@code web-*}), resolved against the sources found in Redis.
 *
 * @param given the selection as the user wrote it
 * @param sources the names it selects, in name order
 */
public record SourceSelection(String given, List<String> sources) {

	/** Whether {@code --source} names more than one source: a comma list or a glob. */
	public static boolean isSelection(String given) {
		return given != null && given.chars().anyMatch(c -> c == ',' || c == '*' || c == '?' || c == '[');
	}

	/**
	 * Resolves a selection: plain names are taken as they are, globs match the sources with a
	 * checkpoint in Redis.
	 *
	 * @throws InvalidSettingException if a name is not a valid source name or a glob matches none
	 */
	public static SourceSelection resolve(StringRedisTemplate redis, String given) {
		List<String> found = null;
		Set<String> selected = new LinkedHashSet<>();
		for (String part : given.split(",")) {
			String name = part.strip();
			if (name.isEmpty()) {
				continue;
			}
			if (!isSelection(name)) {
				if (!LogaggProperties.SOURCE_NAME.matcher(name).matches()) {
					throw new InvalidSettingException("invalid source name '" + name
							+ "' in --source: use 1 to 64 of the characters A-Z a-z 0-9 . _ -, globs * ? [] and commas");
				}
				selected.add(name);
				continue;
			}
			if (found == null) {
				found = SourceSummary.names(redis);
			}
			PathMatcher glob = glob(name);
			List<String> matched = found.stream().filter(source -> glob.matches(Path.of(source))).toList();
			if (matched.isEmpty()) {
				throw new InvalidSettingException("no source in Redis matches '" + name + "'; the sources are: "
						+ (found.isEmpty() ? "none" : String.join(", ", found)));
			}
			selected.addAll(matched);
		}
		if (selected.isEmpty()) {
			throw new InvalidSettingException("--source '" + given + "' names no source");
		}
		List<String> sources = new ArrayList<>(selected);
		sources.sort(null);
		return new SourceSelection(given, List.copyOf(sources));
	}

	/** One source, by its name. */
	public static SourceSelection of(String source) {
		return new SourceSelection(source, List.of(source));
	}

	/** The key layouts of the selected sources. */
	public List<KeyLayout> keys() {
		return this.sources.stream().map(KeyLayout::new).toList();
	}

	private static PathMatcher glob(String pattern) {
		try {
			return FileSystems.getDefault().getPathMatcher("glob:" + pattern);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidSettingException("--source '" + pattern + "' is not a valid glob: " + ex.getMessage());
		}
	}

}

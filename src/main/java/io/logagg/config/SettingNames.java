package io.logagg.config;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The names of every {@code logagg.*} setting, read off {@link LogaggProperties} itself so that
 * the list cannot drift from what is bound; used to suggest the setting a misspelt name meant.
 */
public final class SettingNames {

	private static final List<String> KNOWN = names("logagg", LogaggProperties.class);

	private SettingNames() {
	}

	/** Every leaf setting, e.g. {@code logagg.snapshot.aof.appendfsync}. */
	public static List<String> known() {
		return KNOWN;
	}

	/** The known setting closest to {@code name} by edit distance. */
	public static String nearest(String name) {
		return KNOWN.stream().min(Comparator.comparingInt(known -> distance(known, name))).orElseThrow();
	}

	private static List<String> names(String prefix, Class<?> type) {
		List<String> names = new ArrayList<>();
		for (RecordComponent component : type.getRecordComponents()) {
			String name = prefix + "." + dashed(component.getName());
			Class<?> nested = component.getType();
			if (nested.isRecord() && nested.getPackageName().equals(SettingNames.class.getPackageName())) {
				names.addAll(names(name, nested));
			}
			else {
				names.add(name);
			}
		}
		return List.copyOf(names);
	}

	private static String dashed(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

	/** Levenshtein distance. */
	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}

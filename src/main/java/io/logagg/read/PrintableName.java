package io.logagg.read;

/**
 * A file name made safe for line-oriented text (the run's summary line, {@code status}, the
 * malformed samples stored as {@code file TAB offset TAB excerpt}): a backslash, TAB, newline and
 * other control characters become escapes ({@code \\}, {@code \t}, {@code \n}, {@code \x1b}), so
 * that a name can neither split a line nor a field. Every other character is kept.
 */
public final class PrintableName {

	private PrintableName() {
	}

	/** The name with its backslashes and control characters escaped. */
	public static String of(String name) {
		StringBuilder escaped = null;
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			String escape = switch (c) {
				case '\\' -> "\\\\";
				case '\t' -> "\\t";
				case '\n' -> "\\n";
				case '\r' -> "\\r";
				default -> (Character.isISOControl(c)) ? String.format("\\x%02x", (int) c) : null;
			};
			if (escape != null && escaped == null) {
				escaped = new StringBuilder(name.length() + 8).append(name, 0, i);
			}
			if (escaped != null) {
				escaped.append((escape != null) ? escape : String.valueOf(c));
			}
		}
		return (escaped != null) ? escaped.toString() : name;
	}

	/** The name {@link #of} was given. */
	public static String parse(String printable) {
		if (printable.indexOf('\\') < 0) {
			return printable;
		}
		StringBuilder name = new StringBuilder(printable.length());
		for (int i = 0; i < printable.length(); i++) {
			char c = printable.charAt(i);
			if (c != '\\' || i + 1 == printable.length()) {
				name.append(c);
				continue;
			}
			char next = printable.charAt(++i);
			switch (next) {
				case 't' -> name.append('\t');
				case 'n' -> name.append('\n');
				case 'r' -> name.append('\r');
				case 'x' -> {
					name.append((char) Integer.parseInt(printable.substring(i + 1, i + 3), 16));
					i += 2;
				}
				default -> name.append(next);
			}
		}
		return name.toString();
	}

}

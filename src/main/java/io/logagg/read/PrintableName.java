package io.logagg.read;

/**
 * A file name made safe for line-oriented text (the run's summary line, {@code status}, the
 * malformed samples stored as {@code file TAB offset TAB excerpt}): a backslash, TAB, newline and
 * other control characters become escapes ({@code \\}, {@code \t}, {@code \n}, {@code \x1b}), so
 * that a name can neither split a line nor a field, and bidirectional controls become
 * &#92;u202e, so that /&#92;u202egnp.exe cannot show as {@code /exe.png}. Every other
 * character is kept.
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
				default -> (Character.isISOControl(c)) ? String.format("\\x%02x", (int) c)
						: isBidiControl(c) ? String.format("\\u%04x", (int) c) : null;
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

	/**
	 * True for a character that reorders the text around it (U+202A to U+202E, U+2066 to U+2069, the
	 * marks U+200E, U+200F and U+061C): shown as it is, it makes a name or path read as another.
	 */
	public static boolean isBidiControl(int c) {
		return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f || c == 0x061c;
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
				case 'u' -> {
					name.append((char) Integer.parseInt(printable.substring(i + 1, i + 5), 16));
					i += 4;
				}
				default -> name.append(next);
			}
		}
		return name.toString();
	}

}

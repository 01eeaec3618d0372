package io.logagg.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Text that every match of a regular expression holds, one of several where it alternates, read off
 * its source: runs of plain characters (a letter in either case, {@code [Bb]}, counts) outside
 * classes and not made optional by a quantifier, through the groups every match passes. An
 * expression that does not surely hold any (a branch without such text, quoting, comments) gets
 * none, and is tried on everything. ua-parser's patterns are tried one after the other until one
 * matches, a few hundred for most agents: looking for such text first spares most of them.
 *
 * @param any the texts, one of which every match holds; empty for none
 */
record RequiredText(List<Text> any) {

	/** Shorter text is found too often to spare a pattern. */
	private static final int SHORTEST = 3;

	/** More texts cost more to look for than the pattern they would spare. */
	private static final int MOST = 400;

	/** None: every agent is tried. */
	static final RequiredText NONE = new RequiredText(List.of());

	/**
	 * One text.
	 * @param text the characters, lower case if {@code anyCase}
	 * @param anyCase whether the expression may match it in any case
	 */
	record Text(String text, boolean anyCase) {
	}

	/** One text, {@code anyCase} or not. */
	static RequiredText of(String text, boolean anyCase) {
		return new RequiredText(List.of(new Text(text, anyCase)));
	}

	/**
	 * Whether {@code agent} may match: false only where it holds none of the texts.
	 * @param lowerCase the agent in lower case ({@link Locale#ROOT}), made once for every pattern
	 */
	boolean mayMatch(String agent, String lowerCase) {
		if (this.any.isEmpty()) {
			return true;
		}
		for (Text text : this.any) {
			if ((text.anyCase() ? lowerCase : agent).contains(text.text())) {
				return true;
			}
		}
		return false;
	}

	/** Flags that change what a plain character matches, or what is plain: Unicode case, comments. */
	private static final Pattern UNSURE_FLAGS = Pattern.compile("\\(\\?[a-zA-Z-]*[uUx]");

	/** The flag of case-insensitive matching, anywhere in a group of flags. */
	private static final Pattern ANY_CASE = Pattern.compile("\\(\\?[a-zA-Z-]*i");

	/** The texts, one of which every match of {@code regex} (java.util.regex, no flags given) holds. */
	static RequiredText of(String regex) {
		if (regex.contains("\\Q") || UNSURE_FLAGS.matcher(regex).find()) {
			return NONE;
		}
		try {
			Set<Text> any = new Reader(regex, ANY_CASE.matcher(regex).find()).alternation(0, regex.length());
			return (any == null) ? NONE : new RequiredText(List.copyOf(any));
		}
		catch (NotSure ex) {
			return NONE;
		}
	}

	/** The escaped letters that stand for a class of characters or an anchor: no text, and nothing to follow. */
	private static final String CLASSES_AND_ANCHORS = "dDsSwWbBhHvVRXAzZGpP";

	/** An expression this reading does not follow. */
	private static final class NotSure extends RuntimeException {

		NotSure() {
			super(null, null, false, false);
		}

	}

	/** Reads a regular expression's source, range by range. */
	private static final class Reader {

		private final String regex;

		/** Whether the whole expression may be case-insensitive ({@code (?i)} anywhere). */
		private final boolean anyCase;

		Reader(String regex, boolean anyCase) {
			this.regex = regex;
			this.anyCase = anyCase;
		}

		/** The texts one of which a match of {@code regex[from, to)} holds; null for none sure. */
		Set<Text> alternation(int from, int to) {
			List<int[]> branches = branches(from, to);
			Set<Text> all = new LinkedHashSet<>();
			for (int[] branch : branches) {
				Set<Text> texts = sequence(branch[0], branch[1]);
				if (texts == null) {
					return null;
				}
				all.addAll(texts);
			}
			return (all.size() > MOST) ? null : all;
		}

		/** The best of what a match of the plain sequence {@code regex[from, to)} surely holds; null for nothing. */
		private Set<Text> sequence(int from, int to) {
			Sequence found = new Sequence();
			walk(from, to, found);
			found.flush();
			return found.best;
		}

		private void walk(int from, int to, Sequence found) {
			int i = from;
			while (i < to) {
				char c = this.regex.charAt(i);
				if (c == '(') {
					int end = groupEnd(i, to);
					boolean plain = this.regex.charAt(i + 1) != '?' || this.regex.startsWith("(?:", i);
					if (plain && !optional(end + 1)) {
						int content = i + (this.regex.startsWith("(?:", i) ? 3 : 1);
						if (hasBar(content, end)) {
							found.flush();
							found.consider(alternation(content, end));
						}
						else {
							// Every match passes through it as a plain sequence: as if it were not there.
							walk(content, end, found);
						}
						if (repeated(end + 1)) {
							found.flush();
						}
					}
					else {
						found.flush();
					}
					i = skipQuantifier(end + 1);
					continue;
				}
				Character literal = null;
				boolean eitherCase = false;
				int next = i + 1;
				if (c == '[') {
					int end = classEnd(i, to);
					next = end + 1;
					// [Bb]: a letter in either case.
					if (end == i + 3 && Character.isLetter(this.regex.charAt(i + 1))
							&& this.regex.charAt(i + 1) != this.regex.charAt(i + 2)
							&& Character.toLowerCase(this.regex.charAt(i + 1)) == Character.toLowerCase(this.regex.charAt(i + 2))) {
						literal = Character.toLowerCase(this.regex.charAt(i + 1));
						eitherCase = true;
					}
				}
				else if (c == '\\') {
					if (i + 1 >= to) {
						throw new NotSure();
					}
					char escaped = this.regex.charAt(i + 1);
					next = i + 2;
					// Escaped punctuation is itself, and a class or an anchor is no text; a code
					// (\\x41, \\u00e9, \\0101, \\cM, \\t), a reference or a name is not followed here.
					if (!Character.isLetterOrDigit(escaped)) {
						literal = escaped;
					}
					else if (CLASSES_AND_ANCHORS.indexOf(escaped) < 0) {
						throw new NotSure();
					}
				}
				else if (c == ')' || c == ']') {
					throw new NotSure();
				}
				else if (".^$?*+{".indexOf(c) < 0) {
					literal = c;
				}
				if (literal == null || optional(next)) {
					found.flush();
					i = skipQuantifier(next);
					continue;
				}
				found.add(literal, eitherCase);
				if (repeated(next)) {
					// Once at least, maybe more: the run ends with it.
					found.flush();
					i = skipQuantifier(next);
					continue;
				}
				i = next;
			}
		}

		/** The runs of a sequence, and the best texts found in it so far. */
		private final class Sequence {

			private final StringBuilder run = new StringBuilder();

			private boolean runAnyCase = Reader.this.anyCase;

			private Set<Text> best;

			void add(char c, boolean eitherCase) {
				this.run.append(c);
				this.runAnyCase |= eitherCase;
			}

			void flush() {
				if (this.run.length() > 0) {
					String text = this.run.toString();
					// Lower case outside ASCII can depend on the letters around.
					if (!this.runAnyCase || text.chars().allMatch(ch -> ch < 128)) {
						consider(Set.of(new Text(this.runAnyCase ? text.toLowerCase(Locale.ROOT) : text, this.runAnyCase)));
					}
				}
				this.run.setLength(0);
				this.runAnyCase = Reader.this.anyCase;
			}

			/** Keeps {@code texts} if its shortest is longer than the best's, or as long with fewer texts. */
			void consider(Set<Text> texts) {
				if (texts == null || texts.isEmpty() || shortest(texts) < SHORTEST) {
					return;
				}
				if (this.best == null || shortest(texts) > shortest(this.best)
						|| (shortest(texts) == shortest(this.best) && texts.size() < this.best.size())) {
					this.best = texts;
				}
			}

			private static int shortest(Set<Text> texts) {
				return texts.stream().mapToInt(text -> text.text().length()).min().orElse(0);
			}

		}

		/** Whether a quantifier at {@code i} lets what is before it be absent. */
		private boolean optional(int i) {
			if (i >= this.regex.length()) {
				return false;
			}
			char q = this.regex.charAt(i);
			return q == '?' || q == '*' || (q == '{' && i + 1 < this.regex.length() && this.regex.charAt(i + 1) == '0');
		}

		/** Whether a quantifier at {@code i} may repeat what is before it. */
		private boolean repeated(int i) {
			return i < this.regex.length() && (this.regex.charAt(i) == '+' || this.regex.charAt(i) == '{');
		}

		/** Past a quantifier at {@code i}, and its lazy or possessive mark, if there is one. */
		private int skipQuantifier(int i) {
			if (i >= this.regex.length()) {
				return i;
			}
			char c = this.regex.charAt(i);
			if (c == '?' || c == '*' || c == '+') {
				i++;
			}
			else if (c == '{') {
				int close = this.regex.indexOf('}', i);
				if (close < 0) {
					throw new NotSure();
				}
				i = close + 1;
			}
			else {
				return i;
			}
			if (i < this.regex.length() && (this.regex.charAt(i) == '?' || this.regex.charAt(i) == '+')) {
				i++;
			}
			return i;
		}

		/** Whether {@code regex[from, to)} has a '|' outside its groups and classes. */
		private boolean hasBar(int from, int to) {
			return branches(from, to).size() > 1;
		}

		/** The branches of {@code regex[from, to)}: its ranges between the '|' outside its groups and classes. */
		private List<int[]> branches(int from, int to) {
			List<int[]> branches = new ArrayList<>();
			int start = from;
			for (int i = from; i < to; i++) {
				char c = this.regex.charAt(i);
				if (c == '\\') {
					i++;
				}
				else if (c == '[') {
					i = classEnd(i, to);
				}
				else if (c == '(') {
					i = groupEnd(i, to);
				}
				else if (c == '|') {
					branches.add(new int[] { start, i });
					start = i + 1;
				}
			}
			branches.add(new int[] { start, to });
			return branches;
		}

		/** The index of the ')' that closes the group opened at {@code open}, before {@code to}. */
		private int groupEnd(int open, int to) {
			int depth = 0;
			for (int i = open; i < to; i++) {
				char c = this.regex.charAt(i);
				if (c == '\\') {
					i++;
				}
				else if (c == '[') {
					i = classEnd(i, to);
				}
				else if (c == '(') {
					depth++;
				}
				else if (c == ')' && --depth == 0) {
					return i;
				}
			}
			throw new NotSure();
		}

		/** The index of the ']' that closes the class opened at {@code open} (classes nest in java.util.regex). */
		private int classEnd(int open, int to) {
			int depth = 0;
			int first = open + ((open + 1 < to && this.regex.charAt(open + 1) == '^') ? 2 : 1);
			for (int i = open; i < to; i++) {
				char c = this.regex.charAt(i);
				if (c == '\\') {
					i++;
				}
				else if (c == '[') {
					depth++;
				}
				else if (c == ']' && i != first && --depth == 0) {
					return i;
				}
			}
			throw new NotSure();
		}

	}

}

package io.logagg.filter;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.logagg.parse.LogField;
import io.logagg.parse.ParsedLine;
import io.logagg.parse.UrlHost;

/**
 * Requests referred by the named sites (the site's own host, a partner), as GoAccess's
 * {@code --ignore-referrer}: the host of the {@code Referer} matched against each pattern, where
 * {@code *} is any run of characters and {@code ?} any one ({@code *.example.com},
 * {@code ww?.example.*}), case aside. A request without a Referer is kept.
 */
public final class ReferrerFilter implements LineFilter {

	private final byte[][] patterns;

	/** The range of the line's host: reused, as a reader's filters serve its one thread, line after line. */
	private final int[] host = new int[2];

	/**
	 * @param patterns host patterns
	 * @throws IllegalArgumentException for an empty pattern
	 */
	public ReferrerFilter(List<String> patterns) {
		this.patterns = new byte[patterns.size()][];
		for (int i = 0; i < patterns.size(); i++) {
			String pattern = patterns.get(i).strip();
			if (pattern.isEmpty()) {
				throw new IllegalArgumentException("logagg.filter.ignore-referrers holds an empty pattern");
			}
			this.patterns[i] = pattern.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
		}
	}

	@Override
	public String name() {
		return "referrers";
	}

	@Override
	public Set<LogField> needs() {
		return Set.of(LogField.REFERER);
	}

	@Override
	public boolean drops(ParsedLine line) {
		int from = line.from(LogField.REFERER);
		if (from < 0) {
			return false;
		}
		int[] host = this.host;
		host[0] = from;
		host[1] = line.to(LogField.REFERER);
		if (!UrlHost.narrow(line.bytes(), host)) {
			return false;
		}
		for (byte[] pattern : this.patterns) {
			if (matches(pattern, line.bytes(), host[0], host[1])) {
				return true;
			}
		}
		return false;
	}

	/** Whether {@code b[from, to)} matches the glob, ASCII case aside; iterative, with one backtrack point. */
	static boolean matches(byte[] pattern, byte[] b, int from, int to) {
		int p = 0;
		int i = from;
		int star = -1;
		int resume = -1;
		while (i < to) {
			if (p < pattern.length && (pattern[p] == '?' || pattern[p] == lower(b[i]))) {
				p++;
				i++;
			}
			else if (p < pattern.length && pattern[p] == '*') {
				star = p++;
				resume = i;
			}
			else if (star >= 0) {
				p = star + 1;
				i = ++resume;
			}
			else {
				return false;
			}
		}
		while (p < pattern.length && pattern[p] == '*') {
			p++;
		}
		return p == pattern.length;
	}

	private static byte lower(byte c) {
		return (c >= 'A' && c <= 'Z') ? (byte) (c + ('a' - 'A')) : c;
	}

}

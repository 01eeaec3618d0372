package io.logagg.parse;

/** The host of a URL, found in place: what a referring site is. */
public final class UrlHost {

	private UrlHost() {
	}

	/**
	 * Narrows a URL's range {@code b[range[0], range[1])} to its host: after {@code ://}, up to
	 * {@code /}, {@code :}, {@code ?} or {@code #} ({@code www.example.com} of
	 * {@code https://www.example.com/page}). Creates nothing: called for every line.
	 * @return false, the range untouched, if the URL names no host
	 */
	public static boolean narrow(byte[] b, int[] range) {
		int from = range[0];
		int to = range[1];
		int scheme = -1;
		for (int i = from; i + 2 < to; i++) {
			if (b[i] == ':' && b[i + 1] == '/' && b[i + 2] == '/') {
				scheme = i + 3;
				break;
			}
			if (b[i] == '/' || b[i] == '?') {
				break;
			}
		}
		if (scheme < 0) {
			return false;
		}
		int end = scheme;
		while (end < to && b[end] != '/' && b[end] != ':' && b[end] != '?' && b[end] != '#') {
			end++;
		}
		if (end == scheme) {
			return false;
		}
		range[0] = scheme;
		range[1] = end;
		return true;
	}

}

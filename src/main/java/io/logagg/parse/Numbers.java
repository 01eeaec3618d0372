package io.logagg.parse;

/** Numbers read in place from a line's bytes, without a String. */
public final class Numbers {

	private Numbers() {
	}

	/** The decimal number in {@code [from, to)}, or -1 if a byte is not a digit or there is none. */
	public static long digits(byte[] b, int from, int to) {
		if (to <= from || to - from > 18) {
			return -1;
		}
		long value = 0;
		for (int i = from; i < to; i++) {
			int d = b[i] - '0';
			if (d < 0 || d > 9) {
				return -1;
			}
			value = value * 10 + d;
		}
		return value;
	}

	/**
	 * A non-negative decimal with an optional fraction ({@code 0.004}, {@code 1732838400.123}),
	 * scaled by 10^{@code scale} and truncated: {@code decimal("0.004", 6)} is 4000. -1 if malformed.
	 */
	static long decimal(byte[] b, int from, int to, int scale) {
		int dot = indexOf(b, from, to, (byte) '.');
		int intEnd = (dot < 0) ? to : dot;
		long whole = digits(b, from, intEnd);
		if (whole < 0) {
			return -1;
		}
		long fraction = 0;
		int digits = 0;
		if (dot >= 0) {
			for (int i = dot + 1; i < to; i++) {
				int d = b[i] - '0';
				if (d < 0 || d > 9) {
					return -1;
				}
				if (digits < scale) {
					fraction = fraction * 10 + d;
					digits++;
				}
			}
			if (dot + 1 == to) {
				return -1;
			}
		}
		for (; digits < scale; digits++) {
			fraction *= 10;
		}
		long factor = 1;
		for (int i = 0; i < scale; i++) {
			factor *= 10;
		}
		return whole * factor + fraction;
	}

	/**
	 * Index of the first {@code wanted} in {@code b[from, to)}, or -1, a byte at a time: for the
	 * scans that end within a few bytes (the space after a method or a status, a fraction's dot),
	 * where reading words saves nothing; the long ones (a path, a quoted field, a line) use
	 * {@link ByteSearch#indexOf}.
	 */
	static int indexOf(byte[] b, int from, int to, byte wanted) {
		for (int i = from; i < to; i++) {
			if (b[i] == wanted) {
				return i;
			}
		}
		return -1;
	}

}

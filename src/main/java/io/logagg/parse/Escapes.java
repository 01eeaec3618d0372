package io.logagg.parse;

/**
 * Undoes the escaping servers write into their logs, so that one request logged by nginx
 * ({@code \x22}), Apache ({@code \"}, {@code \\}) or as JSON by Caddy ({@code \"}, &#92;u0022)
 * is one value: {@code \xHH}, &#92;uXXXX (written as UTF-8), {@code \"}, {@code \\},
 * {@code \/}, {@code \n}, {@code \r}, {@code \t}. Each server escapes a backslash itself, so a
 * backslash in a logged value always starts an escape; one that starts none is kept.
 */
public final class Escapes {

	private Escapes() {
	}

	/**
	 * Decodes {@code b[from, to)} in place, where it can only shrink.
	 * @return the end of the decoded value
	 */
	public static int decodeInPlace(byte[] b, int from, int to) {
		int out = from;
		int i = from;
		while (i < to) {
			byte c = b[i];
			if (c != '\\' || i + 1 >= to) {
				b[out++] = c;
				i++;
				continue;
			}
			byte next = b[i + 1];
			switch (next) {
				case '"', '\\', '/' -> {
					b[out++] = next;
					i += 2;
				}
				case 'n' -> {
					b[out++] = '\n';
					i += 2;
				}
				case 'r' -> {
					b[out++] = '\r';
					i += 2;
				}
				case 't' -> {
					b[out++] = '\t';
					i += 2;
				}
				case 'x' -> {
					int value = (i + 3 < to) ? hex(b, i + 2, 2) : -1;
					if (value < 0) {
						b[out++] = c;
						i++;
					}
					else {
						b[out++] = (byte) value;
						i += 4;
					}
				}
				case 'u' -> {
					int value = (i + 5 < to) ? hex(b, i + 2, 4) : -1;
					if (value < 0) {
						b[out++] = c;
						i++;
					}
					else {
						out = utf8(b, out, value);
						i += 6;
					}
				}
				default -> {
					b[out++] = c;
					i++;
				}
			}
		}
		return out;
	}

	/** The value of {@code digits} hex digits at {@code at}, or -1. */
	private static int hex(byte[] b, int at, int digits) {
		int value = 0;
		for (int k = 0; k < digits; k++) {
			int d = Character.digit(b[at + k], 16);
			if (d < 0) {
				return -1;
			}
			value = value * 16 + d;
		}
		return value;
	}

	/** Writes a UTF-16 unit as UTF-8 (at most 3 bytes, fewer than its 6-byte escape); the index after it. */
	private static int utf8(byte[] b, int out, int unit) {
		if (unit < 0x80) {
			b[out++] = (byte) unit;
		}
		else if (unit < 0x800) {
			b[out++] = (byte) (0xc0 | (unit >> 6));
			b[out++] = (byte) (0x80 | (unit & 0x3f));
		}
		else {
			b[out++] = (byte) (0xe0 | (unit >> 12));
			b[out++] = (byte) (0x80 | ((unit >> 6) & 0x3f));
			b[out++] = (byte) (0x80 | (unit & 0x3f));
		}
		return out;
	}

}

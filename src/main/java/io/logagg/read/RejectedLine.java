package io.logagg.read;

/**
 * What is kept of a malformed line as a sample: where it starts and its first bytes, with
 * anything but printable ASCII escaped as {@code \xHH}.
 *
 * @param offset byte offset of the line's first byte in its file
 * @param excerpt at most {@value #EXCERPT_BYTES} bytes of the line, escaped
 * @param reason which field failed and where ({@code $status: expected 3 digits at byte 87}), or
 * null if the format cannot say
 */
public record RejectedLine(long offset, String excerpt, String reason) {

	/** The same line with the reason it was rejected. */
	public RejectedLine because(String why) {
		return new RejectedLine(this.offset, this.excerpt, why);
	}

	/** Bytes of a malformed line kept in its sample. */
	public static final int EXCERPT_BYTES = 200;

	public static RejectedLine of(long offset, byte[] buffer, int from, int to) {
		return of(offset, buffer, from, to, false);
	}

	/** @param longer true if the line goes on past {@code to} */
	static RejectedLine of(long offset, byte[] buffer, int from, int to, boolean longer) {
		int end = Math.min(to, from + EXCERPT_BYTES);
		StringBuilder excerpt = new StringBuilder(end - from + 8);
		for (int i = from; i < end; i++) {
			int b = buffer[i] & 0xff;
			if (b >= 0x20 && b < 0x7f && b != '\\') {
				excerpt.append((char) b);
			}
			else {
				excerpt.append(String.format("\\x%02x", b));
			}
		}
		if (to > end || longer) {
			excerpt.append("...");
		}
		return new RejectedLine(offset, excerpt.toString(), longer ? "longer than logagg.max-line-bytes" : null);
	}

}

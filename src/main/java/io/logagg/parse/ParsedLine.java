package io.logagg.parse;

import java.nio.charset.StandardCharsets;

/**
 * The fields of one parsed line: numbers as numbers, text fields as ranges of the read buffer.
 * A mutable flyweight, reused for every line, because the per-line path creates nothing: a million
 * lines a second cannot each afford an object and a String. Valid only until the next line; an
 * aggregate that keeps a field copies its bytes.
 */
public final class ParsedLine {

	private static final int TEXT_FIELDS = LogField.values().length;

	private byte[] bytes;

	private final int[] from = new int[TEXT_FIELDS];

	private final int[] to = new int[TEXT_FIELDS];

	/** Bit {@code ordinal} set for each text field the line has: cheaper to clear than the ranges. */
	private int present;

	private int status;

	private long epochMinute;

	private long size;

	private long durationMicros;

	/** Where {@link #joined} puts a member made of two fields. */
	private byte[] joined = new byte[64];

	/** Starts a line held in {@code bytes}: every field is absent until set. */
	public ParsedLine reset(byte[] bytes) {
		this.bytes = bytes;
		this.present = 0;
		this.status = -1;
		this.epochMinute = Long.MIN_VALUE;
		this.size = 0;
		this.durationMicros = -1;
		return this;
	}

	/** The buffer the ranges point into. */
	public byte[] bytes() {
		return this.bytes;
	}

	/** Sets a text field to {@code bytes[from, to)}. */
	public void range(LogField field, int from, int to) {
		rangeAt(field.ordinal(), from, to);
	}

	/** Bits {@code ordinal} of the text fields the line has ({@link ParsedLines} copies them). */
	int present() {
		return this.present;
	}

	int fromAt(int ordinal) {
		return this.from[ordinal];
	}

	int toAt(int ordinal) {
		return this.to[ordinal];
	}

	void rangeAt(int ordinal, int from, int to) {
		this.from[ordinal] = from;
		this.to[ordinal] = to;
		this.present |= 1 << ordinal;
	}

	/** True if the line has a value for this text field. */
	public boolean has(LogField field) {
		return (this.present & (1 << field.ordinal())) != 0;
	}

	/** Index of the field's first byte, or -1 if the line has none. */
	public int from(LogField field) {
		return has(field) ? this.from[field.ordinal()] : -1;
	}

	/** Index just after the field's last byte. */
	public int to(LogField field) {
		return this.to[field.ordinal()];
	}

	/** The field as text (UTF-8), or null: allocates, so not for the per-line path. */
	public String text(LogField field) {
		int i = field.ordinal();
		return !has(field) ? null : new String(this.bytes, this.from[i], this.to[i] - this.from[i], StandardCharsets.UTF_8);
	}

	/**
	 * Two text fields joined by a space, in a buffer of this line's that the next call overwrites:
	 * for a member made of two fields; the range is written to {@code range}.
	 */
	public byte[] joined(LogField first, LogField second, int[] range) {
		int a = this.to[first.ordinal()] - this.from[first.ordinal()];
		int b = this.to[second.ordinal()] - this.from[second.ordinal()];
		if (this.joined.length < a + 1 + b) {
			this.joined = new byte[Math.max(64, 2 * (a + 1 + b))];
		}
		System.arraycopy(this.bytes, this.from[first.ordinal()], this.joined, 0, a);
		this.joined[a] = ' ';
		System.arraycopy(this.bytes, this.from[second.ordinal()], this.joined, a + 1, b);
		range[0] = 0;
		range[1] = a + 1 + b;
		return this.joined;
	}

	/** The 3-digit HTTP status. */
	public int status() {
		return this.status;
	}

	public void status(int status) {
		this.status = status;
	}

	/**
	 * The request time in whole minutes since 1970-01-01T00:00Z, or, read on the clock of
	 * {@code logagg.time-zone} ({@link TimeZoneParser}), since 1970-01-01T00:00 of that clock.
	 */
	public long epochMinute() {
		return this.epochMinute;
	}

	public void epochMinute(long epochMinute) {
		this.epochMinute = epochMinute;
	}

	/** The response size in bytes ({@code -} counts as 0). */
	public long size() {
		return this.size;
	}

	public void size(long size) {
		this.size = size;
	}

	/** How long the request took, in microseconds, or -1 if the format has no duration. */
	public long durationMicros() {
		return this.durationMicros;
	}

	public void durationMicros(long durationMicros) {
		this.durationMicros = durationMicros;
	}

}

package io.logagg.parse;

import java.util.Arrays;

/**
 * Parsed lines copied out of the read buffer, to be read again on another thread: the bytes each
 * line's fields span, and its ranges and numbers. One array per kind of value, not an object per
 * line, and reused batch after batch ({@link #clear}): the per-line path still creates nothing.
 * Not thread-safe: one thread fills a batch, then hands it to another that reads it.
 */
public final class ParsedLines {

	private static final int FIELDS = LogField.values().length;

	private byte[] data;

	private int dataLength;

	private int size;

	/** Per line and text field ({@code line * FIELDS + ordinal}): the range in {@link #data}. */
	private int[] from;

	private int[] to;

	private int[] present;

	private int[] status;

	private long[] epochMinute;

	private long[] responseSize;

	private long[] durationMicros;

	/** @param lines lines a batch holds before it grows */
	public ParsedLines(int lines) {
		int capacity = Math.max(1, lines);
		this.data = new byte[Math.max(1024, capacity * 256)];
		this.from = new int[capacity * FIELDS];
		this.to = new int[capacity * FIELDS];
		this.present = new int[capacity];
		this.status = new int[capacity];
		this.epochMinute = new long[capacity];
		this.responseSize = new long[capacity];
		this.durationMicros = new long[capacity];
	}

	/** Per de Bruijn sequence slot, the bit it stands for (see {@link #lowestField}). */
	private static final byte[] BIT_OF_SLOT = new byte[32];

	private static final int DE_BRUIJN = 0x077CB531;

	static {
		for (int bit = 0; bit < 32; bit++) {
			BIT_OF_SLOT[(DE_BRUIJN << bit) >>> 27] = (byte) bit;
		}
	}

	/**
	 * The lowest field present in {@code bits} (not 0). Not {@code Integer.numberOfTrailingZeros}:
	 * C1 calls that out of line, a branchy search, for every field of every line twice on the
	 * reading thread and once on the members' (a loop over a line's fields 19 -> 10 ns).
	 */
	static int lowestField(int bits) {
		return BIT_OF_SLOT[((bits & -bits) * DE_BRUIJN) >>> 27];
	}

	/** Room for twice the lines. */
	private void grow() {
		int capacity = this.present.length * 2;
		this.from = Arrays.copyOf(this.from, capacity * FIELDS);
		this.to = Arrays.copyOf(this.to, capacity * FIELDS);
		this.present = Arrays.copyOf(this.present, capacity);
		this.status = Arrays.copyOf(this.status, capacity);
		this.epochMinute = Arrays.copyOf(this.epochMinute, capacity);
		this.responseSize = Arrays.copyOf(this.responseSize, capacity);
		this.durationMicros = Arrays.copyOf(this.durationMicros, capacity);
	}

	/**
	 * Copies {@code line}: the bytes from its first field's start to its last field's end, and its values.
	 * @return the bytes copied
	 */
	public int add(ParsedLine line) {
		if (this.size == this.present.length) {
			grow();
		}
		int fields = line.present();
		int lo = Integer.MAX_VALUE;
		int hi = 0;
		for (int bits = fields; bits != 0; bits &= bits - 1) {
			int field = lowestField(bits);
			lo = Math.min(lo, line.fromAt(field));
			hi = Math.max(hi, line.toAt(field));
		}
		int length = Math.max(0, hi - lo);
		if (this.dataLength + length > this.data.length) {
			this.data = Arrays.copyOf(this.data, Math.max(this.data.length * 2, this.dataLength + length));
		}
		if (length > 0) {
			System.arraycopy(line.bytes(), lo, this.data, this.dataLength, length);
		}
		int shift = this.dataLength - lo;
		int base = this.size * FIELDS;
		for (int bits = fields; bits != 0; bits &= bits - 1) {
			int field = lowestField(bits);
			this.from[base + field] = line.fromAt(field) + shift;
			this.to[base + field] = line.toAt(field) + shift;
		}
		this.dataLength += length;
		this.present[this.size] = fields;
		this.status[this.size] = line.status();
		this.epochMinute[this.size] = line.epochMinute();
		this.responseSize[this.size] = line.size();
		this.durationMicros[this.size] = line.durationMicros();
		this.size++;
		return length;
	}

	/** Line {@code index} as {@code into}, which then reads this batch's bytes. */
	public ParsedLine get(int index, ParsedLine into) {
		into.reset(this.data);
		int base = index * FIELDS;
		for (int bits = this.present[index]; bits != 0; bits &= bits - 1) {
			int field = lowestField(bits);
			into.rangeAt(field, this.from[base + field], this.to[base + field]);
		}
		into.status(this.status[index]);
		into.epochMinute(this.epochMinute[index]);
		into.size(this.responseSize[index]);
		into.durationMicros(this.durationMicros[index]);
		return into;
	}

	/** Lines held. */
	public int size() {
		return this.size;
	}

	/** Bytes of the lines held. */
	public int bytes() {
		return this.dataLength;
	}

	/** Empties the batch, keeping its arrays (one grown past a megabyte by long lines gives it back). */
	public void clear() {
		this.size = 0;
		this.dataLength = 0;
		if (this.data.length > 1 << 20) {
			this.data = new byte[128 << 10];
		}
	}

}

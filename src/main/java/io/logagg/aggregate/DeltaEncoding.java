package io.logagg.aggregate;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The bytes of a chunk's pending delta, one element of the source's {@code pending} list: a
 * version byte, then the number of parts, then per part its kind and its counts (the number of
 * days, then per day its number, its number of fields, and per field its bytes, requests and
 * response bytes: {@link MembersByDay#encode}), every number an unsigned LEB128 varint and every
 * string its length then its bytes. Compact (a member costs its
 * bytes and three to eight more), cheap to write on the read-ahead thread, and decoded by the
 * job after a crash and by every reader that merges what is not folded yet.
 */
public final class DeltaEncoding {

	/** The first byte of every delta; a reader refuses any other rather than misread it. */
	static final byte VERSION = 1;

	private static final String PATHS_PANEL = PanelAggregate.kind(Panel.PATHS);

	private DeltaEncoding() {
	}

	/** The delta of a chunk's parts, each encoded already ({@link PendingPart}). */
	static byte[] encode(List<PendingPart> parts) {
		// Sized exactly: growing it, then trimming it, copied each chunk's delta three times.
		int size = 1 + varintSize(parts.size());
		List<byte[]> kinds = new java.util.ArrayList<>(parts.size());
		for (PendingPart part : parts) {
			byte[] kind = part.kind().getBytes(StandardCharsets.UTF_8);
			kinds.add(kind);
			size += varintSize(kind.length) + kind.length + part.counts().length;
		}
		Writer out = new Writer(size);
		out.buffer[out.length++] = VERSION;
		out.varint(parts.size());
		for (int i = 0; i < parts.size(); i++) {
			out.bytes(kinds.get(i));
			out.raw(parts.get(i).counts());
		}
		return out.toByteArray();
	}

	/**
	 * Adds the parts of a delta to {@code into} (kind to counts). After the marker
	 * {@link PathsAggregate#CARRIED_BY_PANEL}, the {@code panel:paths} part is summed into the
	 * all-time {@code paths} too.
	 * @throws IllegalStateException if the bytes are not a delta this build can read
	 */
	public static void decodeInto(byte[] delta, Map<String, DayFieldCounts> into) {
		if (delta.length == 0 || delta[0] != VERSION) {
			throw new IllegalStateException("a pending delta of an unknown layout (first byte "
					+ ((delta.length == 0) ? "none" : Integer.toString(delta[0] & 0xFF)) + "): written by a newer logagg?");
		}
		Reader in = new Reader(delta, 1);
		try {
			long parts = in.varint();
			boolean pathsInPanel = false;
			for (long p = 0; p < parts; p++) {
				String kind = in.string();
				if (kind.equals(PathsAggregate.CARRIED_BY_PANEL)) {
					pathsInPanel = true;
					in.varint(); // its counts: no day
					continue;
				}
				DayFieldCounts allTime = (pathsInPanel && kind.equals(PATHS_PANEL))
						? into.computeIfAbsent(PathsAggregate.KIND, k -> new DayFieldCounts()) : null;
				into.computeIfAbsent(kind, k -> new DayFieldCounts()).decodeInto(in, allTime);
			}
		}
		catch (ArrayIndexOutOfBoundsException ex) {
			throw new IllegalStateException("a pending delta is truncated (" + delta.length + " bytes)", ex);
		}
	}

	/**
	 * The counts of one kind of part in a delta, the others skipped; null if it has none (a chunk's
	 * durations for the metrics, without summing its panels).
	 */
	static DayFieldCounts partOf(byte[] delta, String wanted) {
		Map<String, DayFieldCounts> found = new java.util.HashMap<>();
		Reader in = new Reader(delta, 1);
		long parts = in.varint();
		for (long p = 0; p < parts; p++) {
			String kind = in.string();
			if (kind.equals(wanted)) {
				found.computeIfAbsent(kind, k -> new DayFieldCounts()).decodeInto(in, null);
				continue;
			}
			for (long days = in.varint(), d = 0; d < days; d++) {
				in.varint();
				for (long fields = in.varint(), f = 0; f < fields; f++) {
					in.skip(in.length());
					in.varint();
					in.varint();
				}
			}
		}
		return found.get(wanted);
	}

	/** The bytes {@link Writer#decimal} writes for {@code value}, never negative. */
	static int decimalSize(int value) {
		// Comparisons, not a division a digit: C1 divides with the processor's slow instruction.
		int digits = 1;
		for (long bound = 10; value >= bound; bound *= 10) {
			digits++;
		}
		return digits;
	}

	/** The bytes {@link Writer#varint} writes for {@code value}. */
	static int varintSize(long value) {
		// Comparisons, not Long.numberOfLeadingZeros, which C1 calls out of line: most numbers
		// here take one or two bytes (a chunk's counts and sizes), so the loop ends at once.
		if (value < 0) {
			return 10;
		}
		int size = 1;
		for (long rest = value >>> 7; rest != 0; rest >>>= 7) {
			size++;
		}
		return size;
	}

	/** {@code value / 10} for a value that is never negative, by a multiply (C1 divides slowly). */
	static int tenth(int value) {
		return (int) ((value * 0xCCCCCCCDL) >>> 35);
	}

	/** A growing byte array. */
	static final class Writer {

		private byte[] buffer;

		private int length;

		Writer() {
			this(4096);
		}

		Writer(int capacity) {
			this.buffer = new byte[Math.max(1, capacity)];
		}

		void varint(long value) {
			if (this.length + 10 > this.buffer.length) {
				// Only what it takes: an array sized exactly must not grow for its last numbers.
				ensure(varintSize(value));
			}
			long v = value;
			while ((v & ~0x7FL) != 0) {
				this.buffer[this.length++] = (byte) ((v & 0x7F) | 0x80);
				v >>>= 7;
			}
			this.buffer[this.length++] = (byte) v;
		}

		void bytes(byte[] bytes) {
			varint(bytes.length);
			raw(bytes);
		}

		/** A number that is never negative, in decimal ASCII. */
		void decimal(int value) {
			if (value < 0) {
				throw new IllegalArgumentException("a negative number: " + value);
			}
			int digits = decimalSize(value);
			ensure(digits);
			int rest = value;
			for (int i = this.length + digits - 1; i >= this.length; i--) {
				int tenth = tenth(rest);
				this.buffer[i] = (byte) ('0' + rest - tenth * 10);
				rest = tenth;
			}
			this.length += digits;
		}

		/** The bytes, without their length. */
		void raw(byte[] bytes) {
			raw(bytes, 0, bytes.length);
		}

		/** {@code bytes[from, from + length)}, without their length. */
		void raw(byte[] bytes, int from, int length) {
			ensure(length);
			System.arraycopy(bytes, from, this.buffer, this.length, length);
			this.length += length;
		}

		private void ensure(int more) {
			if (this.length + more > this.buffer.length) {
				this.buffer = Arrays.copyOf(this.buffer, Math.max(this.buffer.length * 2, this.length + more));
			}
		}

		/** The bytes written: the buffer itself when it is full, else a copy of its used part. */
		byte[] toByteArray() {
			return (this.length == this.buffer.length) ? this.buffer : Arrays.copyOf(this.buffer, this.length);
		}

	}

	/** Reads a delta's bytes in order. */
	static final class Reader {

		private final byte[] bytes;

		private int position;

		Reader(byte[] bytes, int position) {
			this.bytes = bytes;
			this.position = position;
		}

		long varint() {
			long value = 0;
			for (int shift = 0;; shift += 7) {
				byte b = this.bytes[this.position++];
				value |= (long) (b & 0x7F) << shift;
				if (b >= 0) {
					return value;
				}
			}
		}

		String string() {
			int length = length();
			return new String(this.bytes, skip(length), length, StandardCharsets.UTF_8);
		}

		/** The length of the string that follows. */
		int length() {
			int length = Math.toIntExact(varint());
			if (length < 0 || length > this.bytes.length - this.position) {
				throw new ArrayIndexOutOfBoundsException(length);
			}
			return length;
		}

		/** Moves past {@code length} bytes; returns where they start in {@link #bytes()}. */
		int skip(int length) {
			int from = this.position;
			this.position += length;
			return from;
		}

		byte[] bytes() {
			return this.bytes;
		}

	}

}

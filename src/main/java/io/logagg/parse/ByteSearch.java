package io.logagg.parse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds a byte in a byte array eight bytes at a time (SWAR): a loop over single bytes is a
 * quarter of the reader's time in a cold JVM, where the JIT does not vectorise it.
 */
public final class ByteSearch {

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final long ONES = 0x0101010101010101L;

	private static final long HIGHS = 0x8080808080808080L;

	private ByteSearch() {
	}

	/** Index of the first {@code wanted} in {@code b[from, to)}, or -1. */
	public static int indexOf(byte[] b, int from, int to, byte wanted) {
		long pattern = ONES * (wanted & 0xff);
		int i = from;
		for (; i + Long.BYTES <= to; i += Long.BYTES) {
			long word = (long) LONGS.get(b, i) ^ pattern;
			// A byte of the word is zero where it matched; only bytes above the first zero can be
			// flagged wrongly, so the lowest flag is exact.
			long found = (word - ONES) & ~word & HIGHS;
			if (found != 0) {
				return i + firstFlagged(found);
			}
		}
		for (; i < to; i++) {
			if (b[i] == wanted) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Index of the first {@code one} or {@code other} in {@code b[from, to)}, or -1: the closing
	 * quote of a quoted field, or the backslash that escapes one, found in a user agent's hundred
	 * bytes a word at a time.
	 */
	static int indexOfEither(byte[] b, int from, int to, byte one, byte other) {
		long ones = ONES * (one & 0xff);
		long others = ONES * (other & 0xff);
		int i = from;
		for (; i + Long.BYTES <= to; i += Long.BYTES) {
			long word = (long) LONGS.get(b, i);
			long x = word ^ ones;
			long y = word ^ others;
			// Each half's lowest flag is exact (see indexOf), so the lowest of the two is too.
			long found = (((x - ONES) & ~x) | ((y - ONES) & ~y)) & HIGHS;
			if (found != 0) {
				return i + firstFlagged(found);
			}
		}
		for (; i < to; i++) {
			if (b[i] == one || b[i] == other) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * The index of the lowest byte flagged in {@code found} (flags being each byte's high bit).
	 * Not {@code Long.numberOfTrailingZeros(found) >>> 3}: C1 calls that out of line, a branchy
	 * search, and it was 5 % of the reading thread (the byte scans' share: 132 -> 109 ns a line).
	 */
	static int firstFlagged(long found) {
		// Below the lowest flag every byte is all ones, its own byte 0x7f: a 1 in each, summed
		// into the top byte by the multiply, counts them and the flagged byte itself.
		return (int) ((((found & -found) - 1) & ONES) * ONES >>> 56) - 1;
	}

	/** True if {@code b} holds {@code wanted} at {@code at}; the caller checks the bounds. */
	static boolean regionEquals(byte[] b, int at, byte[] wanted) {
		for (int i = 0; i < wanted.length; i++) {
			if (b[at + i] != wanted[i]) {
				return false;
			}
		}
		return true;
	}

	/** The eight bytes at {@code at}, little-endian. */
	public static long longAt(byte[] b, int at) {
		return (long) LONGS.get(b, at);
	}

}

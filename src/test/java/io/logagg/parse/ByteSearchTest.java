package io.logagg.parse;

import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ByteSearchTest {

	@Test
	void findsTheFirstMatchAtEveryAlignmentAndNoneOutsideTheRange() {
		Random random = new Random(7);
		byte[] b = new byte[300];
		for (int round = 0; round < 2000; round++) {
			fill(random, b, (byte) '\n');
			int from = random.nextInt(b.length);
			int to = from + random.nextInt(b.length - from + 1);
			assertThat(ByteSearch.indexOf(b, from, to, (byte) '\n')).isEqualTo(naive(b, from, to, (byte) '\n'));
			assertThat(ByteSearch.indexOf(b, from, to, (byte) 0x8a)).isEqualTo(naive(b, from, to, (byte) 0x8a));
		}
	}

	@Test
	void findsTheFirstOfTwoBytesAtEveryAlignment() {
		Random random = new Random(13);
		byte[] b = new byte[300];
		for (int round = 0; round < 2000; round++) {
			fill(random, b, (byte) '"', (byte) '\\');
			int from = random.nextInt(b.length);
			int to = from + random.nextInt(b.length - from + 1);
			int quote = naive(b, from, to, (byte) '"');
			int backslash = naive(b, from, to, (byte) '\\');
			int first = (quote < 0) ? backslash : (backslash < 0) ? quote : Math.min(quote, backslash);
			assertThat(ByteSearch.indexOfEither(b, from, to, (byte) '"', (byte) '\\')).isEqualTo(first);
		}
	}

	@Test
	void theLowestFlaggedByteIsFoundWhateverIsFlaggedAboveIt() {
		for (int lowest = 0; lowest < Long.BYTES; lowest++) {
			for (int above = 0; above < 1 << (Long.BYTES - 1 - lowest); above++) {
				long found = 0x80L << (8 * lowest);
				for (int bit = 0; bit < Long.BYTES - 1 - lowest; bit++) {
					if ((above & (1 << bit)) != 0) {
						found |= 0x80L << (8 * (lowest + 1 + bit));
					}
				}
				assertThat(ByteSearch.firstFlagged(found)).as("%016x", found).isEqualTo(lowest);
			}
		}
	}

	/**
	 * Random bytes with, now and then, one of {@code wanted}, and many of the bytes where a word
	 * trick goes wrong: those next to a wanted one, negative ones and zeros.
	 */
	private static void fill(Random random, byte[] b, byte... wanted) {
		for (int i = 0; i < b.length; i++) {
			byte near = wanted[random.nextInt(wanted.length)];
			b[i] = (byte) switch (random.nextInt(5)) {
				case 0 -> near + 1;
				case 1 -> near - 1;
				case 2 -> 0x8a;
				case 3 -> 0;
				default -> (random.nextInt(30) == 0) ? near : random.nextInt(256);
			};
		}
	}

	private static int naive(byte[] b, int from, int to, byte wanted) {
		for (int i = from; i < to; i++) {
			if (b[i] == wanted) {
				return i;
			}
		}
		return -1;
	}

}

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
			for (int i = 0; i < b.length; i++) {
				// Bytes next to the wanted one, and negative ones, are where a word trick goes wrong.
				b[i] = (byte) switch (random.nextInt(5)) {
					case 0 -> '\n' + 1;
					case 1 -> '\n' - 1;
					case 2 -> 0x8a;
					case 3 -> 0;
					default -> (random.nextInt(40) == 0) ? '\n' : random.nextInt(256);
				};
			}
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
			for (int i = 0; i < b.length; i++) {
				b[i] = (byte) switch (random.nextInt(6)) {
					case 0 -> '"' + 1;
					case 1 -> '\\' - 1;
					case 2 -> 0xdc;
					case 3 -> 0;
					case 4 -> (random.nextInt(30) == 0) ? '\\' : 'a';
					default -> (random.nextInt(30) == 0) ? '"' : random.nextInt(256);
				};
			}
			int from = random.nextInt(b.length);
			int to = from + random.nextInt(b.length - from + 1);
			int quote = naive(b, from, to, (byte) '"');
			int backslash = naive(b, from, to, (byte) '\\');
			int first = (quote < 0) ? backslash : (backslash < 0) ? quote : Math.min(quote, backslash);
			assertThat(ByteSearch.indexOfEither(b, from, to, (byte) '"', (byte) '\\')).isEqualTo(first);
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

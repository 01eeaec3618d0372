package io.logagg.parse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GoAccess's IP anonymisation ({@code --anonymize-ip}, {@code --anonymize-level}): level 1 keeps an
 * IPv4 address's /24 and an IPv6 address's /64, level 2 /16 and /48, level 3 /8 and /32, the rest
 * zeroed ({@code 192.0.2.123} -> {@code 192.0.2.0}, {@code 2001:db8:85a3:8d3:1319:8a2e:370:7348} ->
 * {@code 2001:db8:85a3:8d3::}). The address is rewritten where it lies in the read buffer: the
 * result is never longer than the address (every octet or group it zeroes took at least one
 * character), so an IPv4 client costs no allocation. A client that is no address (a host name, {@code -})
 * is left as it is.
 */
public final class ClientAddresses {

	private static final Pattern IPV4_IN_TEXT = Pattern.compile("(?<![\\d.])(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?![\\d.])");

	private static final Pattern IPV6_IN_TEXT = Pattern.compile("(?<![0-9A-Fa-f:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Fa-f:])");

	private ClientAddresses() {
	}

	/**
	 * Anonymises the address in {@code b[from, to)} in place.
	 * @return the new end of the address, or -1 if it is no address (left as it was)
	 */
	public static int anonymize(byte[] b, int from, int to, int level) {
		int end = anonymizeIpv4(b, from, to, level);
		if (end < 0 && !contains(b, from, to, (byte) ':')) {
			return -1;
		}
		if (end < 0) {
			end = anonymizeIpv6(b, from, to, level);
		}
		if (end < 0) {
			// An IPv4 address in IPv6 form (::ffff:192.0.2.1): its IPv4 part, as IPv4's.
			for (int i = to - 1; i > from; i--) {
				if (b[i] == ':') {
					return (b[from] == ':') ? anonymizeIpv4(b, i + 1, to, level) : -1;
				}
			}
		}
		return end;
	}

	private static int anonymizeIpv4(byte[] b, int from, int to, int level) {
		if (!parseIpv4(b, from, to, null)) {
			return -1;
		}
		// The first zeroed octet: the 4th for level 1, the 3rd for 2, the 2nd for 3.
		int at = from;
		for (int dots = 0; dots < 4 - level; at++) {
			if (b[at] == '.') {
				dots++;
			}
		}
		for (int k = 0; k < level; k++) {
			if (k > 0) {
				b[at++] = '.';
			}
			b[at++] = '0';
		}
		return at;
	}

	/** True if {@code b[from, to)} is a dotted IPv4 address; its four bytes go to {@code into} unless null. */
	public static boolean parseIpv4(byte[] b, int from, int to, byte[] into) {
		int octet = 0;
		int digits = 0;
		int value = 0;
		for (int i = from; i < to; i++) {
			byte c = b[i];
			if (c >= '0' && c <= '9') {
				value = value * 10 + (c - '0');
				if (++digits > 3 || value > 255) {
					return false;
				}
			}
			else if (c == '.' && digits > 0 && octet < 3) {
				if (into != null) {
					into[octet] = (byte) value;
				}
				octet++;
				digits = 0;
				value = 0;
			}
			else {
				return false;
			}
		}
		if (octet != 3 || digits == 0) {
			return false;
		}
		if (into != null) {
			into[3] = (byte) value;
		}
		return true;
	}

	/** Reads an IPv6 address into its eight groups; false if {@code b[from, to)} is none. */
	private static boolean parseIpv6(byte[] b, int from, int to, int[] address) {
		int[] groups = new int[8];
		int count = 0;
		int gap = -1;
		int i = from;
		if (to - from < 2) {
			return false;
		}
		if (b[i] == ':') {
			if (b[i + 1] != ':') {
				return false;
			}
			gap = 0;
			i += 2;
		}
		while (i < to) {
			int value = 0;
			int digits = 0;
			while (i < to && digits < 5) {
				int hex = Character.digit(b[i], 16);
				if (hex < 0) {
					break;
				}
				value = value * 16 + hex;
				digits++;
				i++;
			}
			if (digits == 0 || digits > 4 || count == 8) {
				return false;
			}
			groups[count++] = value;
			if (i == to) {
				break;
			}
			if (b[i] != ':') {
				return false;
			}
			i++;
			if (i < to && b[i] == ':') {
				if (gap >= 0) {
					return false;
				}
				gap = count;
				i++;
			}
			else if (i == to) {
				return false;
			}
		}
		if ((gap < 0 && count != 8) || (gap >= 0 && count > 7)) {
			return false;
		}
		java.util.Arrays.fill(address, 0);
		if (gap < 0) {
			System.arraycopy(groups, 0, address, 0, 8);
		}
		else {
			System.arraycopy(groups, 0, address, 0, gap);
			System.arraycopy(groups, gap, address, 8 - (count - gap), count - gap);
		}
		return true;
	}

	private static int anonymizeIpv6(byte[] b, int from, int to, int level) {
		int[] address = new int[8];
		if (!parseIpv6(b, from, to, address)) {
			return -1;
		}
		int keep = (level == 1) ? 4 : (level == 2) ? 3 : 2;
		// Kept groups, then "::" for the zeroed rest (and any zeros the kept ones end with). IPv6
		// clients are the rarer ones: this path allocates its few arrays.
		int last = keep;
		while (last > 0 && address[last - 1] == 0) {
			last--;
		}
		byte[] out = new byte[4 * 5 + 2];
		int length = 0;
		for (int g = 0; g < last; g++) {
			if (g > 0) {
				out[length++] = ':';
			}
			boolean started = false;
			for (int shift = 12; shift >= 0; shift -= 4) {
				int digit = (address[g] >> shift) & 0xF;
				if (digit != 0 || started || shift == 0) {
					out[length++] = (byte) Character.forDigit(digit, 16);
					started = true;
				}
			}
		}
		out[length++] = ':';
		out[length++] = ':';
		if (length > to - from) {
			// Never seen, but never a leak either: all zeroed.
			out[0] = ':';
			length = 2;
		}
		System.arraycopy(out, 0, b, from, length);
		return from + length;
	}

	/**
	 * Reads the address in {@code b[from, to)} into {@code into} (16 bytes at least): 4 bytes for
	 * IPv4, 16 for IPv6 (an IPv4-mapped one as its IPv4); returns how many, or -1 if it is none.
	 */
	public static int parse(byte[] b, int from, int to, byte[] into) {
		if (parseIpv4(b, from, to, into)) {
			return 4;
		}
		if (!contains(b, from, to, (byte) ':')) {
			// A host name, "-": no IPv6 either, and nothing allocated to find out.
			return -1;
		}
		int[] groups = new int[8];
		if (parseIpv6(b, from, to, groups)) {
			if (groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0 && groups[5] == 0xFFFF) {
				into[0] = (byte) (groups[6] >> 8);
				into[1] = (byte) groups[6];
				into[2] = (byte) (groups[7] >> 8);
				into[3] = (byte) groups[7];
				return 4;
			}
			for (int g = 0; g < 8; g++) {
				into[2 * g] = (byte) (groups[g] >> 8);
				into[2 * g + 1] = (byte) groups[g];
			}
			return 16;
		}
		for (int i = to - 1; i > from; i--) {
			if (b[i] == ':') {
				// ::ffff:192.0.2.1, written with its IPv4 part in dots
				return (b[from] == ':' && parse(b, i + 1, to, into) == 4) ? 4 : -1;
			}
		}
		return -1;
	}

	private static boolean contains(byte[] b, int from, int to, byte c) {
		for (int i = from; i < to; i++) {
			if (b[i] == c) {
				return true;
			}
		}
		return false;
	}

	/** The text with every IPv4 and IPv6 address in it anonymised: for excerpts of malformed lines. */
	public static String anonymizeText(String text, int level) {
		String masked = replace(IPV4_IN_TEXT.matcher(text), level);
		return replace(IPV6_IN_TEXT.matcher(masked), level);
	}

	private static String replace(Matcher matcher, int level) {
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			byte[] address = matcher.group().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
			int end = anonymize(address, 0, address.length, level);
			String replacement = (end >= 0) ? new String(address, 0, end, java.nio.charset.StandardCharsets.ISO_8859_1)
					: matcher.group();
			matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
		}
		matcher.appendTail(out);
		return out.toString();
	}

}

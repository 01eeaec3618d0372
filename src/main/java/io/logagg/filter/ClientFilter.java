package io.logagg.filter;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import io.logagg.parse.ClientAddresses;
import io.logagg.parse.LogField;
import io.logagg.parse.ParsedLine;

/**
 * Leaves out the requests of some clients ({@code logagg.filter.ignore-clients}, GoAccess's
 * {@code --exclude-ip}): addresses or CIDR blocks, IPv4 or IPv6 ({@code 10.0.0.0/8},
 * {@code 192.0.2.7}, {@code 2001:db8::/32}). An IPv4 client written as IPv6 ({@code ::ffff:10.1.2.3})
 * is matched as its IPv4 address. Not thread-safe: one per reader (it reuses a buffer per line).
 */
public final class ClientFilter implements LineFilter {

	private final byte[][] networks;

	private final int[] prefixes;

	/** The client's address, read for each line: the per-line path's one flyweight here. */
	private final byte[] address = new byte[16];

	/** @param blocks addresses and CIDR blocks */
	public ClientFilter(List<String> blocks) {
		this.networks = new byte[blocks.size()][];
		this.prefixes = new int[blocks.size()];
		for (int i = 0; i < blocks.size(); i++) {
			String block = blocks.get(i).strip();
			int slash = block.indexOf('/');
			byte[] text = ((slash >= 0) ? block.substring(0, slash) : block).getBytes(StandardCharsets.ISO_8859_1);
			byte[] network = new byte[16];
			int length = ClientAddresses.parse(text, 0, text.length, network);
			if (length < 0) {
				throw new IllegalArgumentException("logagg.filter.ignore-clients: '" + block + "' is no address or CIDR block "
						+ "(10.0.0.0/8, 192.0.2.7, 2001:db8::/32)");
			}
			int prefix = length * 8;
			if (slash >= 0) {
				try {
					prefix = Integer.parseInt(block.substring(slash + 1));
				}
				catch (NumberFormatException ex) {
					prefix = -1;
				}
				if (prefix < 0 || prefix > length * 8) {
					throw new IllegalArgumentException("logagg.filter.ignore-clients: '" + block + "' has no valid prefix length (0 to "
							+ length * 8 + ")");
				}
			}
			this.networks[i] = java.util.Arrays.copyOf(network, length);
			this.prefixes[i] = prefix;
		}
	}

	@Override
	public String name() {
		return "clients";
	}

	@Override
	public Set<LogField> needs() {
		return Set.of(LogField.CLIENT);
	}

	@Override
	public boolean drops(ParsedLine line) {
		if (!line.has(LogField.CLIENT)) {
			return false;
		}
		int length = ClientAddresses.parse(line.bytes(), line.from(LogField.CLIENT), line.to(LogField.CLIENT), this.address);
		if (length < 0) {
			return false;
		}
		for (int i = 0; i < this.networks.length; i++) {
			if (this.networks[i].length == length && matches(this.networks[i], this.prefixes[i])) {
				return true;
			}
		}
		return false;
	}

	private boolean matches(byte[] network, int prefix) {
		int full = prefix / 8;
		for (int k = 0; k < full; k++) {
			if (network[k] != this.address[k]) {
				return false;
			}
		}
		int rest = prefix % 8;
		if (rest == 0) {
			return true;
		}
		int mask = (0xFF << (8 - rest)) & 0xFF;
		return (network[full] & mask) == (this.address[full] & mask);
	}

}

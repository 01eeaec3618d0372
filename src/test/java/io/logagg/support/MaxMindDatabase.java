package io.logagg.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a small MaxMind DB (format 2.0, IPv4, 24-bit records) as the specification
 * (maxmind.github.io/MaxMind-DB) lays it out: a binary search tree over the address bits, 16 zero
 * bytes, the data section, then the metadata after its marker. For tests, which build their own
 * databases rather than ship GeoLite2's. Values: maps, lists, strings, and unsigned integers: an
 * {@code Integer} as uint16, a {@code Long} as uint32, a {@code BigInteger} as uint64.
 */
public final class MaxMindDatabase {

	private static final class Node {

		final Node[] children = new Node[2];

		final Integer[] data = new Integer[2];

		int number;

	}

	private final String type;

	private final Node root = new Node();

	private final ByteArrayOutputStream data = new ByteArrayOutputStream();

	private final Map<Map<String, Object>, Integer> offsets = new LinkedHashMap<>();

	/** @param type the database type in its metadata ({@code GeoLite2-Country}, {@code GeoLite2-ASN}) */
	public MaxMindDatabase(String type) {
		this.type = type;
	}

	/** Maps the IPv4 network {@code cidr} ({@code 203.0.113.0/24}) to a record. */
	public MaxMindDatabase insert(String cidr, Map<String, Object> record) {
		String[] parts = cidr.split("/");
		String[] octets = parts[0].split("\\.");
		long address = 0;
		for (String octet : octets) {
			address = (address << 8) | Integer.parseInt(octet);
		}
		int bits = Integer.parseInt(parts[1]);
		int offset = this.offsets.computeIfAbsent(record, r -> {
			int at = this.data.size();
			encode(r, this.data);
			return at;
		});
		Node node = this.root;
		for (int i = 0; i < bits - 1; i++) {
			int bit = (int) ((address >>> (31 - i)) & 1);
			if (node.children[bit] == null) {
				node.children[bit] = new Node();
			}
			node = node.children[bit];
		}
		node.data[(int) ((address >>> (32 - bits)) & 1)] = offset;
		return this;
	}

	public void write(Path file) throws IOException {
		List<Node> nodes = new ArrayList<>();
		number(this.root, nodes);
		int count = nodes.size();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (Node node : nodes) {
			for (int side = 0; side < 2; side++) {
				long record = (node.children[side] != null) ? node.children[side].number
						: (node.data[side] != null) ? count + 16 + node.data[side] : count;
				out.write((int) (record >>> 16) & 0xFF);
				out.write((int) (record >>> 8) & 0xFF);
				out.write((int) record & 0xFF);
			}
		}
		out.write(new byte[16]);
		this.data.writeTo(out);
		out.write(new byte[] { (byte) 0xAB, (byte) 0xCD, (byte) 0xEF });
		out.writeBytes("MaxMind.com".getBytes(StandardCharsets.US_ASCII));
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("node_count", (long) count);
		metadata.put("record_size", 24);
		metadata.put("ip_version", 4);
		metadata.put("database_type", this.type);
		metadata.put("languages", List.of("en"));
		metadata.put("binary_format_major_version", 2);
		metadata.put("binary_format_minor_version", 0);
		metadata.put("build_epoch", BigInteger.valueOf(1_800_000_000L));
		metadata.put("description", Map.of("en", "logagg test database"));
		encode(metadata, out);
		Files.write(file, out.toByteArray());
	}

	private static void number(Node node, List<Node> nodes) {
		node.number = nodes.size();
		nodes.add(node);
		for (Node child : node.children) {
			if (child != null) {
				number(child, nodes);
			}
		}
	}

	private static void encode(Object value, ByteArrayOutputStream out) {
		if (value instanceof String text) {
			byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
			control(2, bytes.length, out);
			out.writeBytes(bytes);
		}
		else if (value instanceof Integer number) {
			byte[] bytes = unsigned(number);
			control(5, bytes.length, out); // uint16
			out.writeBytes(bytes);
		}
		else if (value instanceof Long number) {
			byte[] bytes = unsigned(number);
			control(6, bytes.length, out); // uint32
			out.writeBytes(bytes);
		}
		else if (value instanceof BigInteger number) {
			byte[] bytes = unsigned(number.longValueExact());
			control(9, bytes.length, out); // uint64
			out.writeBytes(bytes);
		}
		else if (value instanceof Map<?, ?> map) {
			control(7, map.size(), out);
			map.forEach((key, entry) -> {
				encode(key, out);
				encode(entry, out);
			});
		}
		else if (value instanceof List<?> list) {
			control(11, list.size(), out);
			list.forEach(item -> encode(item, out));
		}
		else {
			throw new IllegalArgumentException("cannot encode " + value);
		}
	}

	private static byte[] unsigned(long value) {
		int length = 0;
		for (long v = value; v != 0; v >>>= 8) {
			length++;
		}
		byte[] bytes = new byte[length];
		for (int i = length - 1; i >= 0; i--) {
			bytes[i] = (byte) (value >>> (8 * (length - 1 - i)));
		}
		return bytes;
	}

	/** A control byte: the type in its top 3 bits (0 and an extra byte for types past 7), the size in the low 5. */
	private static void control(int type, int size, ByteArrayOutputStream out) {
		int sizeBits = (size < 29) ? size : (size < 285) ? 29 : 30;
		out.write(((type <= 7) ? type << 5 : 0) | sizeBits);
		if (type > 7) {
			out.write(type - 7);
		}
		if (size >= 29 && size < 285) {
			out.write(size - 29);
		}
		else if (size >= 285) {
			int extra = size - 285;
			out.write(extra >>> 8);
			out.write(extra & 0xFF);
		}
	}

}

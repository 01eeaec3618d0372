package io.logagg.report;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.maxmind.db.Reader;

import io.logagg.aggregate.PanelAggregate;
import io.logagg.parse.ClientAddresses;

/**
 * The {@code countries} and {@code asn} panels, worked out at report time from the stored hosts
 * with MaxMind-format databases ({@code logagg.geoip.database}, as GoAccess's
 * {@code --geoip-database}): a Country or City database (GeoLite2, DB-IP) gives countries, an ASN
 * database autonomous systems. The job pays nothing for them, and a newer database applies to
 * every day already counted. Host names and addresses a database lacks are {@code Unknown}; the
 * hosts a day counted as {@code (other)} past {@code logagg.panel.max-distinct} stay
 * {@code (other)}.
 */
public final class GeoDatabases implements Closeable {

	/** No database: no such panel. */
	public static final GeoDatabases NONE = new GeoDatabases(List.of());

	/** The panels' names in the report. */
	public static final String COUNTRIES = "countries";

	public static final String ASN = "asn";

	static final String UNKNOWN = "Unknown";

	private final List<Reader> readers;

	private GeoDatabases(List<Reader> readers) {
		this.readers = readers;
	}

	/**
	 * Opens the databases; {@link #NONE} for none.
	 * @throws IllegalArgumentException naming a file that is no MaxMind database, and why
	 */
	public static GeoDatabases open(List<Path> files) {
		if (files.isEmpty()) {
			return NONE;
		}
		List<Reader> readers = new ArrayList<>();
		for (Path file : files) {
			try {
				readers.add(new Reader(file.toFile()));
			}
			catch (IOException | RuntimeException ex) {
				readers.forEach(GeoDatabases::closeQuietly);
				throw new IllegalArgumentException("logagg.geoip.database " + file + " is not a readable MaxMind-format database: "
						+ ex.getMessage(), ex);
			}
		}
		return new GeoDatabases(readers);
	}

	public boolean isEmpty() {
		return this.readers.isEmpty();
	}

	/**
	 * Sums the hosts' requests and bytes per country ({@code DE Germany}) and per autonomous system
	 * ({@code AS15169 Google LLC}), where a database gives them.
	 */
	void sum(Map<String, long[]> hosts, Map<String, long[]> countries, Map<String, long[]> systems) {
		boolean anyCountry = false;
		boolean anySystem = false;
		Map<String, long[]> byCountry = new HashMap<>();
		Map<String, long[]> bySystem = new HashMap<>();
		for (Map.Entry<String, long[]> host : hosts.entrySet()) {
			String country = UNKNOWN;
			String system = UNKNOWN;
			if (host.getKey().equals(PanelAggregate.OTHER)) {
				country = PanelAggregate.OTHER;
				system = PanelAggregate.OTHER;
			}
			else {
				InetAddress address = literal(host.getKey());
				for (Reader reader : this.readers) {
					Map<?, ?> record = (address != null) ? lookup(reader, address) : null;
					if (record == null) {
						continue;
					}
					Object place = (record.get("country") != null) ? record.get("country") : record.get("registered_country");
					if (place instanceof Map<?, ?> countryRecord && countryRecord.get("iso_code") != null) {
						Object names = countryRecord.get("names");
						Object english = (names instanceof Map<?, ?> named) ? named.get("en") : null;
						country = countryRecord.get("iso_code") + ((english != null) ? " " + english : "");
						anyCountry = true;
					}
					if (record.get("autonomous_system_number") != null) {
						Object organization = record.get("autonomous_system_organization");
						system = "AS" + record.get("autonomous_system_number") + ((organization != null) ? " " + organization : "");
						anySystem = true;
					}
				}
			}
			add(byCountry, country, host.getValue());
			add(bySystem, system, host.getValue());
		}
		if (anyCountry) {
			byCountry.forEach((name, sums) -> add(countries, name, sums));
		}
		if (anySystem) {
			bySystem.forEach((name, sums) -> add(systems, name, sums));
		}
	}

	private static Map<?, ?> lookup(Reader reader, InetAddress address) {
		try {
			return reader.get(address, Map.class);
		}
		catch (IOException | RuntimeException ex) {
			// An IPv6 address in an IPv4 database, say: unknown there.
			return null;
		}
	}

	/** The address a host is, or null for a host name: never a DNS lookup. */
	private static InetAddress literal(String host) {
		byte[] text = host.getBytes(StandardCharsets.ISO_8859_1);
		byte[] ipv4 = new byte[4];
		boolean ipv6 = host.indexOf(':') >= 0 && host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
		try {
			if (ClientAddresses.parseIpv4(text, 0, text.length, ipv4)) {
				return InetAddress.getByAddress(ipv4);
			}
			// A string with a colon is parsed as an IPv6 literal, never looked up.
			return ipv6 ? InetAddress.getByName(host) : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static void add(Map<String, long[]> into, String name, long[] sums) {
		long[] sum = into.computeIfAbsent(name, n -> new long[2]);
		sum[0] += sums[0];
		sum[1] += sums[1];
	}

	private static void closeQuietly(Reader reader) {
		try {
			reader.close();
		}
		catch (IOException ex) {
			// nothing was written
		}
	}

	@Override
	public void close() {
		this.readers.forEach(GeoDatabases::closeQuietly);
	}

}

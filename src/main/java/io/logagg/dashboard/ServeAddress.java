package io.logagg.dashboard;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the dashboard listens: {@code [ADDRESS:]PORT} as {@code --serve} takes it ({@code 8080},
 * {@code 0.0.0.0:8080}, {@code [::]:8080}); 127.0.0.1 unless an address is given.
 *
 * @param address the address to bind
 * @param port the port, 1 to 65535
 */
public record ServeAddress(String address, int port) {

	/** The address a port alone binds: this machine only. */
	public static final String LOOPBACK = "127.0.0.1";

	/**
	 * @throws IllegalArgumentException saying what {@code --serve} takes
	 */
	public static ServeAddress parse(String value) {
		String text = value.strip();
		int colon = text.lastIndexOf(':');
		String address = (colon < 0) ? LOOPBACK : text.substring(0, colon);
		if (address.startsWith("[") && address.endsWith("]")) {
			address = address.substring(1, address.length() - 1);
		}
		int port;
		try {
			port = Integer.parseInt(text.substring(colon + 1));
		}
		catch (NumberFormatException ex) {
			port = -1;
		}
		if (port < 1 || port > 65535 || address.isEmpty()) {
			throw new IllegalArgumentException("--serve takes [ADDRESS:]PORT (8080, 127.0.0.1:8080, 0.0.0.0:8080, [::1]:8080), not '"
					+ value + "'");
		}
		return new ServeAddress(address, port);
	}

	/** Whether only this machine can reach it: then no credentials are asked for. */
	public boolean loopback() {
		try {
			return InetAddress.getByName(this.address).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	@Override
	public String toString() {
		return (this.address.indexOf(':') >= 0 ? "[" + this.address + "]" : this.address) + ":" + this.port;
	}

}

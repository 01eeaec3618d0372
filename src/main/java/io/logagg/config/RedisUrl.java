package io.logagg.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redis URLs as settings: checked before Spring Boot parses them, and shown without their password
 * wherever they appear in a message, whatever their shape: secrets never reach output or logs.
 */
public final class RedisUrl {

	/** A Redis URL's scheme, an optional user, and everything up to the last {@code @} of the token. */
	private static final Pattern CREDENTIALS = Pattern.compile("(?i)(rediss?://)([^\\s'\"/:@]*:)?[^\\s'\"]*@");

	private static final String HINT = "percent-encode special characters of the password: % as %25, @ as %40, "
			+ "/ as %2F, # as %23, ? as %3F, : as %3A";

	private RedisUrl() {
	}

	/** The text with the credentials of every Redis URL in it replaced: {@code redis://user:***@host:6379}. */
	public static String mask(String text) {
		if (text == null) {
			return null;
		}
		return CREDENTIALS.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1)
				+ ((m.group(2) != null) ? m.group(2) : "") + "***@"));
	}

	/**
	 * Fails unless {@code url} is a {@code redis://} or {@code rediss://} URL with a host and, if
	 * any, a port from 1 to 65535.
	 * @param setting the setting's name, for the message
	 * @throws InvalidSettingException naming the setting and the URL, its password masked
	 */
	public static void requireValid(String setting, String url) {
		String reason;
		try {
			URI uri = new URI(url);
			if (uri.getScheme() == null || !uri.getScheme().matches("(?i)rediss?")) {
				reason = "it must start with redis:// or rediss://";
			}
			else if (uri.getHost() == null || uri.getHost().isEmpty()) {
				reason = "no host, or a port that is not a number (a raw @, /, # or ? in the password cuts the URL short)";
			}
			else if (uri.getPort() == 0 || uri.getPort() > 65535) {
				reason = "the port must be from 1 to 65535";
			}
			else if (uri.getRawFragment() != null || uri.getRawQuery() != null) {
				reason = "a # or ? cuts the URL short (a raw # or ? in the password?)";
			}
			else if (uri.getRawPath() != null && !uri.getRawPath().matches("(/\\d*)?")) {
				reason = "after the host and port only a database number may follow (/0), not a path "
						+ "(a raw / or @ in the password?)";
			}
			else {
				return;
			}
		}
		catch (URISyntaxException ex) {
			reason = ex.getReason() + " at index " + ex.getIndex();
		}
		throw new InvalidSettingException("invalid Redis URL '" + maskWhole(url) + "' (" + setting + "): " + reason + "; "
				+ HINT);
	}

	/**
	 * One URL with everything between {@code ://} and its last {@code @} masked but the user:
	 * unlike {@link #mask}, it needs no idea of where the URL ends, so a password with spaces or
	 * quotes is masked too.
	 */
	static String maskWhole(String url) {
		int scheme = url.indexOf("://");
		int at = url.lastIndexOf('@');
		if (scheme < 0 || at < scheme) {
			return url;
		}
		String credentials = url.substring(scheme + 3, at);
		int colon = credentials.indexOf(':');
		String user = (colon >= 0) ? credentials.substring(0, colon + 1) : "";
		return url.substring(0, scheme + 3) + user + "***" + url.substring(at);
	}

}

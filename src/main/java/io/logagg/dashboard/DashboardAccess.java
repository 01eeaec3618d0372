package io.logagg.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may see the dashboard and what its pages may do. Every answer carries a
 * Content-Security-Policy that lets a page run only the dashboard's own scripts and styles and
 * connect only to its own server, and forbids framing. When a token is set (the dashboard bound
 * beyond loopback, where {@code serve} requires one), every request must carry it: HTTP Basic
 * with the token as the password (any user name), or {@code Authorization: Bearer TOKEN};
 * compared in constant time. A refusal says nothing of the token.
 */
final class DashboardAccess extends OncePerRequestFilter {

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
			+ "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

	private final byte[] token;

	/** @param token the token every request must carry, or null to ask for none (loopback) */
	DashboardAccess(String token) {
		this.token = (token != null) ? token.getBytes(StandardCharsets.UTF_8) : null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Referrer-Policy", "no-referrer");
		response.setHeader("X-Frame-Options", "DENY");
		if (this.token != null && !authorized(request.getHeader("Authorization"))) {
			response.setHeader("WWW-Authenticate", "Basic realm=\"logagg\", charset=\"UTF-8\"");
			response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "credentials required");
			return;
		}
		chain.doFilter(request, response);
	}

	private boolean authorized(String header) {
		if (header == null) {
			return false;
		}
		byte[] given;
		if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			given = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
		}
		else if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
			String decoded;
			try {
				decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				return false;
			}
			int colon = decoded.indexOf(':');
			given = ((colon < 0) ? decoded : decoded.substring(colon + 1)).getBytes(StandardCharsets.UTF_8);
		}
		else {
			return false;
		}
		return MessageDigest.isEqual(given, this.token);
	}

}

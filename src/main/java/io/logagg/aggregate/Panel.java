package io.logagg.aggregate;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

import io.logagg.parse.LogField;
import io.logagg.parse.StaticPaths;
import io.logagg.parse.UrlHost;
import io.logagg.parse.ParsedLine;

/**
 * A top-N panel, as GoAccess shows them: which member of a line it counts (a path, a client, a
 * referring site...), kept per day with its requests (and response bytes, where they make
 * sense) by {@link PanelAggregate}. A new panel is one constant here.
 */
public enum Panel {

	/** Requested paths, without the query string. */
	PATHS("paths", true, LogField.PATH) {
		@Override
		byte[] member(ParsedLine line, int[] range) {
			return text(line, LogField.PATH, range);
		}
	},
	/** Paths of static files (GoAccess's default extensions), not answered 404. */
	STATIC("static", true, LogField.PATH, LogField.STATUS) {
		@Override
		byte[] member(ParsedLine line, int[] range) {
			return (line.status() != 404 && text(line, LogField.PATH, range) != null && StaticPaths.isStatic(line.bytes(), range[0], range[1]))
					? line.bytes() : null;
		}
	},
	/** Paths answered 404. */
	NOT_FOUND("notFound", true, LogField.PATH, LogField.STATUS) {
		@Override
		byte[] member(ParsedLine line, int[] range) {
			return (line.status() == 404) ? text(line, LogField.PATH, range) : null;
		}
	},
	/** Client addresses. */
	HOSTS("hosts", true, LogField.CLIENT) {
		@Override
		byte[] member(ParsedLine line, int[] range) {
			return text(line, LogField.CLIENT, range);
		}
	},
	/** Virtual hosts. */
	VHOSTS("vhosts", true, LogField.VHOST) {
		@Override
		byte[] member(ParsedLine line, int[] range) {
			return text(line, LogField.VHOST, range);
		}
	},
	/** Request methods. */
	METHODS("methods", false, LogField.METHOD) {
		@Override
		byte[] member(ParsedLine line, int[] range) {
			return text(line, LogField.METHOD, range);
		}
	},
	/** Request protocols. */
	PROTOCOLS("protocols", false, LogField.PROTOCOL) {
		@Override
		byte[] member(ParsedLine line, int[] range) {
			return text(line, LogField.PROTOCOL, range);
		}
	},
	/** The host of the Referer ({@code www.example.com} of {@code https://www.example.com/page}). */
	REFERRING_SITES("referringSites", false, LogField.REFERER) {
		@Override
		byte[] member(ParsedLine line, int[] range) {
			if (given(line, LogField.REFERER, range) == null) {
				return null;
			}
			return UrlHost.narrow(line.bytes(), range) ? line.bytes() : null;
		}
	},
	/** Referer URLs. */
	REFERRERS("referrers", false, LogField.REFERER) {
		@Override
		byte[] member(ParsedLine line, int[] range) {
			return given(line, LogField.REFERER, range);
		}
	},
	/** Raw User-Agent strings; browsers and systems are worked out from them at report time. */
	AGENTS("agents", false, LogField.USER_AGENT) {
		@Override
		byte[] member(ParsedLine line, int[] range) {
			return text(line, LogField.USER_AGENT, range);
		}
	},
	/** Authenticated users ({@code %u}, {@code $remote_user}), unless {@code -}. */
	REMOTE_USER("remoteUser", true, LogField.USER) {
		@Override
		byte[] member(ParsedLine line, int[] range) {
			return given(line, LogField.USER, range);
		}
	},
	/** What a cache did ({@code $upstream_cache_status}, CloudFront's edge result): {@code HIT}, {@code MISS}... */
	CACHE_STATUS("cacheStatus", true, LogField.CACHE_STATUS) {
		@Override
		byte[] member(ParsedLine line, int[] range) {
			return given(line, LogField.CACHE_STATUS, range);
		}
	},
	/** Response content types without their parameters ({@code text/html} of {@code text/html; charset=utf-8}). */
	MIME_TYPES("mimeTypes", true, LogField.CONTENT_TYPE) {
		@Override
		byte[] member(ParsedLine line, int[] range) {
			byte[] bytes = given(line, LogField.CONTENT_TYPE, range);
			if (bytes == null) {
				return null;
			}
			int end = range[0];
			while (end < range[1] && bytes[end] != ';') {
				end++;
			}
			while (end > range[0] && bytes[end - 1] == ' ') {
				end--;
			}
			range[1] = end;
			return (end > range[0]) ? bytes : null;
		}
	},
	/** TLS versions with their cipher ({@code TLSv1.3 TLS_AES_128_GCM_SHA256}), where the format has them. */
	TLS("tls", false, LogField.TLS_VERSION) {
		@Override
		byte[] member(ParsedLine line, int[] range) {
			if (given(line, LogField.TLS_VERSION, range) == null) {
				return null;
			}
			return line.has(LogField.TLS_CIPHER) ? line.joined(LogField.TLS_VERSION, LogField.TLS_CIPHER, range) : line.bytes();
		}
	},
	/** Hours of the day in {@code logagg.time-zone}, {@code 00} to {@code 23}. */
	HOURS("hours", false, LogField.TIME) {
		@Override
		byte[] member(ParsedLine line, int[] range) {
			int hour = hourOf((int) Math.floorMod(line.epochMinute(), 1440));
			range[0] = hour * 2;
			range[1] = hour * 2 + 2;
			return HOUR_NAMES;
		}
	},

	/**
	 * The requests with a duration and their microseconds, per member of a panel that the format
	 * times and (but for paths) per duration bucket: each row's mean and p95 in the report. One per
	 * panel of what is served and to whom.
	 */
	PATHS_TIME("pathsTime", PATHS),
	STATIC_TIME("staticTime", STATIC),
	NOT_FOUND_TIME("notFoundTime", NOT_FOUND),
	HOSTS_TIME("hostsTime", HOSTS),
	VHOSTS_TIME("vhostsTime", VHOSTS);

	/** {@code 000102...23}: an hour's name is two bytes of it. */
	private static final byte[] HOUR_NAMES = hourNames();

	/**
	 * {@code minuteOfDay / 60} for a minute of the day (0 to 1439), by a multiply: C1 divides with
	 * the processor's slow instruction.
	 */
	static int hourOf(int minuteOfDay) {
		return (minuteOfDay * 1093) >>> 16;
	}

	private final String id;

	private final Set<LogField> needs;

	private final boolean keepsBytes;

	private final Panel timeOf;

	Panel(String id, boolean keepsBytes, LogField first, LogField... more) {
		this.id = id;
		this.keepsBytes = keepsBytes;
		this.needs = Set.copyOf(EnumSet.of(first, more));
		this.timeOf = null;
	}

	Panel(String id, Panel timeOf) {
		this.id = id;
		this.keepsBytes = true;
		EnumSet<LogField> needs = EnumSet.copyOf(timeOf.needs);
		needs.add(LogField.DURATION);
		this.needs = Set.copyOf(needs);
		this.timeOf = timeOf;
	}

	/**
	 * Whether the panel keeps its members' response bytes too (a timed panel: their microseconds):
	 * for what is served (paths, files) and to whom (hosts, virtual hosts), not for how it was asked
	 * (agents, referrers, methods): a second write per member, which on real logs costs as much as
	 * the count.
	 */
	public boolean keepsBytes() {
		return this.keepsBytes;
	}

	/** The panel's name in keys, JSON and HTML ({@code notFound}). */
	public String id() {
		return this.id;
	}

	/** The fields a format must have for this panel. */
	public Set<LogField> needs() {
		return this.needs;
	}

	/** The panel whose {@link #id()} is {@code id}, or null. */
	public static Panel byId(String id) {
		for (Panel panel : values()) {
			if (panel.id.equals(id)) {
				return panel;
			}
		}
		return null;
	}

	/**
	 * The line's member of this panel: the array holding it, its range written to {@code range};
	 * null if the line has none. Creates nothing: called for every line.
	 */
	byte[] member(ParsedLine line, int[] range) {
		// Only the timed panels lack a body of their own: their member is their panel's, when timed.
		return (line.durationMicros() < 0) ? null : this.timeOf.member(line, range);
	}

	/**
	 * The tag a member of this line is counted under: for a timed panel the duration's bucket
	 * ({@link SlowPathsAggregate#bucket}, 5 %), so that each row has its p95 as well as its mean;
	 * otherwise 0.
	 */
	int tag(ParsedLine line) {
		return tagged() ? SlowPathsAggregate.bucket(line.durationMicros()) : 0;
	}

	/**
	 * Whether the panel's fields are {@code BUCKET MEMBER}: a timed panel's, but {@code pathsTime}'s,
	 * whose rows take their p95 from slowPaths (the same requests, already kept per bucket).
	 */
	public boolean tagged() {
		return this.timeOf != null && this != PATHS_TIME;
	}

	/** What the panel sums per member besides its requests: response bytes, or a timed panel's microseconds. */
	long value(ParsedLine line) {
		return (this.timeOf != null) ? line.durationMicros() : line.size();
	}

	/** For a timed panel ({@code pathsTime}), the panel whose members' durations it sums; else null. */
	public Panel timeOf() {
		return this.timeOf;
	}

	private static byte[] text(ParsedLine line, LogField field, int[] range) {
		int from = line.from(field);
		if (from < 0) {
			return null;
		}
		range[0] = from;
		range[1] = line.to(field);
		return line.bytes();
	}

	/** The field, unless {@code -} or empty (a value the server had none for). */
	private static byte[] given(ParsedLine line, LogField field, int[] range) {
		byte[] bytes = text(line, field, range);
		if (bytes == null || range[1] == range[0] || (range[1] - range[0] == 1 && bytes[range[0]] == '-')) {
			return null;
		}
		return bytes;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private static byte[] hourNames() {
		StringBuilder names = new StringBuilder();
		for (int hour = 0; hour < 24; hour++) {
			names.append(String.format("%02d", hour));
		}
		return ascii(names.toString());
	}

}

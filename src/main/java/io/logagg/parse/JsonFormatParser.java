package io.logagg.parse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON lines (Caddy's and Traefik's access logs, or any mapping of dotted keys to logagg's
 * fields), read on bytes without building a tree and without creating anything per line: one pass
 * over the object keeps the value ranges of the mapped keys, which are then read in place. A string
 * value's range holds its escapes as written; an array value (Caddy's headers) gives its first
 * string. Not thread-safe: one parser per reader.
 */
public final class JsonFormatParser implements LineParser {

	/** What a mapped value is read as. */
	public enum Unit {

		/** Epoch seconds, with a fraction. */
		EPOCH_SECONDS,
		/** Epoch milliseconds, with a fraction. */
		EPOCH_MILLIS,
		/** ISO 8601 / RFC 3339 (a fraction of any length), or the CLF stamp. */
		TEXT_TIME,
		/** A time in any of the forms above: a number of up to 11 digits is seconds, a longer one milliseconds. */
		ANY_TIME,
		/** Seconds with a fraction. */
		SECONDS,
		/** Milliseconds. */
		MILLIS,
		/** Microseconds. */
		MICROS,
		/** Nanoseconds. */
		NANOS,
		/** As it is. */
		PLAIN

	}

	/**
	 * Where a field is in the JSON object.
	 *
	 * @param field the field it fills; {@link LogField#PATH} means the request URI, its query split off
	 * @param path the dotted key, as segments
	 * @param unit how the value is read
	 */
	public record Mapping(LogField field, List<String> path, Unit unit) {

		/** A mapping of a dotted key ({@code request.headers.User-Agent}). */
		public static Mapping of(LogField field, String dottedKey, Unit unit) {
			return new Mapping(field, List.of(dottedKey.split("\\.")), unit);
		}

	}

	private static final int MAX_DEPTH = 16;

	private final Mapping[] mappings;

	private final byte[][][] paths;

	private final Set<LogField> fields;

	/** Per mapping, the value range found in the current line; -1 when absent. */
	private final int[] valueFrom;

	private final int[] valueTo;

	/** The keys of the objects the scan is in: ranges in the line. */
	private final int[] keyFrom = new int[MAX_DEPTH];

	private final int[] keyTo = new int[MAX_DEPTH];

	private byte[] line;

	private int depth;

	JsonFormatParser(List<Mapping> mappings) {
		this.mappings = mappings.toArray(Mapping[]::new);
		this.paths = new byte[this.mappings.length][][];
		Set<LogField> yielded = EnumSet.noneOf(LogField.class);
		for (int i = 0; i < this.mappings.length; i++) {
			List<String> segments = this.mappings[i].path();
			this.paths[i] = segments.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
			LogField field = this.mappings[i].field();
			yielded.add(field);
			if (field == LogField.PATH) {
				yielded.add(LogField.QUERY);
			}
		}
		this.fields = Collections.unmodifiableSet(yielded);
		this.valueFrom = new int[this.mappings.length];
		this.valueTo = new int[this.mappings.length];
	}

	@Override
	public Set<LogField> fields() {
		return this.fields;
	}

	@Override
	public boolean parse(byte[] b, int from, int to, ParsedLine into) {
		into.reset(b);
		Arrays.fill(this.valueFrom, -1);
		this.line = b;
		this.depth = 0;
		int i = skipSpace(b, from, to);
		if (i >= to || b[i] != '{') {
			return false;
		}
		i = object(b, i, to);
		if (i < 0 || skipSpace(b, i, to) != to) {
			return false;
		}
		boolean time = false;
		boolean status = false;
		// Earlier mappings of a field win: they are its preferred keys.
		for (int m = this.mappings.length - 1; m >= 0; m--) {
			int vf = this.valueFrom[m];
			if (vf < 0) {
				continue;
			}
			int vt = this.valueTo[m];
			Mapping mapping = this.mappings[m];
			switch (mapping.field()) {
				case TIME -> {
					long minute = time(mapping.unit(), b, vf, vt);
					if (minute == Long.MIN_VALUE) {
						return false;
					}
					into.epochMinute(minute);
					time = true;
				}
				case STATUS -> {
					int code = (vt - vf == 3) ? (int) Numbers.digits(b, vf, vt) : -1;
					if (code < 0) {
						return false;
					}
					into.status(code);
					status = true;
				}
				case BYTES -> {
					long size = Numbers.digits(b, vf, vt);
					into.size(Math.max(size, 0));
				}
				case DURATION -> {
					long micros = duration(mapping.unit(), b, vf, vt);
					if (micros >= 0) {
						into.durationMicros(micros);
					}
				}
				case PATH -> {
					int query = Numbers.indexOf(b, vf, vt, (byte) '?');
					int pathEnd = (query < 0) ? vt : query;
					if (pathEnd > vf) {
						into.range(LogField.PATH, vf, pathEnd);
					}
					if (query >= 0 && query + 1 < vt) {
						into.range(LogField.QUERY, query + 1, vt);
					}
				}
				default -> {
					if (vt > vf && !(vt - vf == 1 && b[vf] == '-')) {
						into.range(mapping.field(), vf, vt);
					}
				}
			}
		}
		return time && status;
	}

	/** Scans an object starting at its {@code {}; the index after its {@code }}, or -1. */
	private int object(byte[] b, int i, int to) {
		if (this.depth >= MAX_DEPTH) {
			return -1;
		}
		i = skipSpace(b, i + 1, to);
		if (i < to && b[i] == '}') {
			return i + 1;
		}
		while (i < to) {
			if (b[i] != '"') {
				return -1;
			}
			int keyEnd = stringEnd(b, i + 1, to);
			if (keyEnd < 0) {
				return -1;
			}
			this.keyFrom[this.depth] = i + 1;
			this.keyTo[this.depth] = keyEnd;
			i = skipSpace(b, keyEnd + 1, to);
			if (i >= to || b[i] != ':') {
				return -1;
			}
			i = skipSpace(b, i + 1, to);
			this.depth++;
			i = value(b, i, to, true);
			this.depth--;
			if (i < 0) {
				return -1;
			}
			i = skipSpace(b, i, to);
			if (i < to && b[i] == ',') {
				i = skipSpace(b, i + 1, to);
				continue;
			}
			return (i < to && b[i] == '}') ? i + 1 : -1;
		}
		return -1;
	}

	/** Scans a value; keeps its range if its key path is mapped. The index after it, or -1. */
	private int value(byte[] b, int i, int to, boolean keyed) {
		if (i >= to) {
			return -1;
		}
		byte c = b[i];
		if (c == '{') {
			// Into an object only if a mapping reaches into it: most of a log line's objects
			// (response headers, TLS details) are skipped at the speed of a byte scan.
			return (keyed && reachesInto()) ? object(b, i, to) : skipNested(b, i, to);
		}
		if (c == '[') {
			return array(b, i, to, keyed);
		}
		int end;
		int from = i;
		int valueEnd;
		if (c == '"') {
			valueEnd = stringEnd(b, i + 1, to);
			if (valueEnd < 0) {
				return -1;
			}
			from = i + 1;
			end = valueEnd + 1;
		}
		else {
			end = i;
			while (end < to && b[end] != ',' && b[end] != '}' && b[end] != ']' && b[end] != ' ' && b[end] != '\t') {
				end++;
			}
			if (end == i) {
				return -1;
			}
			valueEnd = end;
			if (b[i] == 'n' && valueEnd - i == 4) {
				return end; // null: no value
			}
		}
		if (keyed) {
			keep(from, valueEnd);
		}
		return end;
	}

	/** An array: a mapped key takes its first string; anything inside is skipped. */
	private int array(byte[] b, int i, int to, boolean keyed) {
		i = skipSpace(b, i + 1, to);
		boolean first = true;
		while (i < to && b[i] != ']') {
			if (first && keyed && b[i] == '"') {
				i = value(b, i, to, true);
			}
			else {
				i = (b[i] == '{' || b[i] == '[') ? skipNested(b, i, to) : value(b, i, to, false);
			}
			first = false;
			if (i < 0) {
				return -1;
			}
			i = skipSpace(b, i, to);
			if (i < to && b[i] == ',') {
				i = skipSpace(b, i + 1, to);
			}
		}
		return (i < to) ? i + 1 : -1;
	}

	/** Skips a nested object or array that no mapping reaches into. */
	private static int skipNested(byte[] b, int i, int to) {
		int nesting = 0;
		for (; i < to; i++) {
			byte c = b[i];
			if (c == '"') {
				i = stringEnd(b, i + 1, to);
				if (i < 0) {
					return -1;
				}
			}
			else if (c == '{' || c == '[') {
				nesting++;
			}
			else if (c == '}' || c == ']') {
				if (--nesting == 0) {
					return i + 1;
				}
			}
		}
		return -1;
	}

	/** True if a mapping's key path goes deeper than the current one, through it. */
	private boolean reachesInto() {
		for (byte[][] path : this.paths) {
			if (path.length > this.depth && matches(path, this.depth)) {
				return true;
			}
		}
		return false;
	}

	/** Keeps the value range if the current key path is one of the mappings'. */
	private void keep(int from, int to) {
		for (int m = 0; m < this.paths.length; m++) {
			byte[][] path = this.paths[m];
			if (path.length == this.depth && matches(path, path.length)) {
				this.valueFrom[m] = from;
				this.valueTo[m] = to;
			}
		}
	}

	/** True if the first {@code segments} keys of the path are the current ones. */
	private boolean matches(byte[][] path, int segments) {
		for (int d = 0; d < segments; d++) {
			int from = this.keyFrom[d];
			int length = this.keyTo[d] - from;
			if (length != path[d].length || !ByteSearch.regionEquals(this.line, from, path[d])) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Index of the closing quote of a string whose content starts at {@code from}, or -1: the next
	 * quote found eight bytes at a time, unless an odd number of backslashes escapes it.
	 */
	private static int stringEnd(byte[] b, int from, int to) {
		int i = from;
		while (true) {
			int quote = ByteSearch.indexOf(b, i, to, (byte) '"');
			if (quote < 0) {
				return -1;
			}
			int backslashes = 0;
			for (int k = quote - 1; k >= from && b[k] == '\\'; k--) {
				backslashes++;
			}
			if ((backslashes & 1) == 0) {
				return quote;
			}
			i = quote + 1;
		}
	}

	private static int skipSpace(byte[] b, int i, int to) {
		while (i < to && (b[i] == ' ' || b[i] == '\t')) {
			i++;
		}
		return i;
	}

	private long time(Unit unit, byte[] b, int from, int to) {
		return switch (unit) {
			case EPOCH_SECONDS -> {
				long micros = Numbers.decimal(b, from, to, 6);
				yield (micros < 0) ? Long.MIN_VALUE : Math.floorDiv(micros, 60_000_000L);
			}
			case EPOCH_MILLIS -> {
				long millis = Numbers.decimal(b, from, to, 0);
				yield (millis < 0) ? Long.MIN_VALUE : Math.floorDiv(millis, 60_000L);
			}
			case ANY_TIME -> {
				if (Numbers.decimal(b, from, to, 0) >= 0) {
					int dot = Numbers.indexOf(b, from, to, (byte) '.');
					int digits = ((dot < 0) ? to : dot) - from;
					yield time((digits <= 11) ? Unit.EPOCH_SECONDS : Unit.EPOCH_MILLIS, b, from, to);
				}
				yield time(Unit.TEXT_TIME, b, from, to);
			}
			default -> (to - from == 26 && b[from + 2] == '/') ? TimeParser.epochMinute(b, from)
					: TimeParser.iso8601(b, from, to);
		};
	}

	/** A duration in microseconds, or -1 if absent or not a number. */
	private static long duration(Unit unit, byte[] b, int from, int to) {
		return switch (unit) {
			case SECONDS -> Numbers.decimal(b, from, to, 6);
			case MILLIS -> Numbers.decimal(b, from, to, 3);
			case MICROS -> Numbers.decimal(b, from, to, 0);
			case NANOS -> {
				long nanos = Numbers.decimal(b, from, to, 0);
				yield (nanos < 0) ? -1 : nanos / 1000;
			}
			default -> -1;
		};
	}

	/** Caddy v2's JSON access log. */
	static JsonFormatParser caddy() {
		return new JsonFormatParser(List.of(Mapping.of(LogField.TIME, "ts", Unit.EPOCH_SECONDS),
				Mapping.of(LogField.CLIENT, "request.client_ip", Unit.PLAIN),
				Mapping.of(LogField.CLIENT, "request.remote_ip", Unit.PLAIN),
				Mapping.of(LogField.METHOD, "request.method", Unit.PLAIN),
				Mapping.of(LogField.VHOST, "request.host", Unit.PLAIN), Mapping.of(LogField.PATH, "request.uri", Unit.PLAIN),
				Mapping.of(LogField.PROTOCOL, "request.proto", Unit.PLAIN),
				Mapping.of(LogField.USER_AGENT, "request.headers.User-Agent", Unit.PLAIN),
				Mapping.of(LogField.REFERER, "request.headers.Referer", Unit.PLAIN),
				Mapping.of(LogField.USER, "user_id", Unit.PLAIN), Mapping.of(LogField.STATUS, "status", Unit.PLAIN),
				Mapping.of(LogField.BYTES, "size", Unit.PLAIN), Mapping.of(LogField.DURATION, "duration", Unit.SECONDS)));
	}

	/** Traefik's JSON access log. */
	static JsonFormatParser traefik() {
		return new JsonFormatParser(List.of(Mapping.of(LogField.TIME, "StartUTC", Unit.TEXT_TIME),
				Mapping.of(LogField.CLIENT, "ClientHost", Unit.PLAIN), Mapping.of(LogField.USER, "ClientUsername", Unit.PLAIN),
				Mapping.of(LogField.METHOD, "RequestMethod", Unit.PLAIN),
				Mapping.of(LogField.VHOST, "RequestHost", Unit.PLAIN), Mapping.of(LogField.PATH, "RequestPath", Unit.PLAIN),
				Mapping.of(LogField.PROTOCOL, "RequestProtocol", Unit.PLAIN),
				Mapping.of(LogField.STATUS, "DownstreamStatus", Unit.PLAIN),
				Mapping.of(LogField.BYTES, "DownstreamContentSize", Unit.PLAIN),
				Mapping.of(LogField.DURATION, "Duration", Unit.NANOS),
				Mapping.of(LogField.USER_AGENT, "request_User-Agent", Unit.PLAIN),
				Mapping.of(LogField.REFERER, "request_Referer", Unit.PLAIN)));
	}

	/**
	 * A mapping given in settings: field to dotted key ({@code TIME -> ts}); the time in any form
	 * ({@link Unit#ANY_TIME}), the duration in {@code durationUnit}.
	 */
	static JsonFormatParser mapped(Map<LogField, String> keys, Unit durationUnit) {
		List<Mapping> mappings = new ArrayList<>();
		keys.forEach((field, key) -> mappings.add(Mapping.of(field, key,
				(field == LogField.TIME) ? Unit.ANY_TIME : (field == LogField.DURATION) ? durationUnit : Unit.PLAIN)));
		return new JsonFormatParser(mappings);
	}

}

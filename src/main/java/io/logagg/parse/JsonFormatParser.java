package io.logagg.parse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

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

	/** The mapped keys of the top-level object. */
	private final KeyLevel top;

	private final Set<LogField> fields;

	/** Per mapping, the value range found in the current line; -1 when absent. */
	private final int[] valueFrom;

	private final int[] valueTo;

	JsonFormatParser(List<Mapping> mappings) {
		this.mappings = mappings.toArray(Mapping[]::new);
		Set<LogField> yielded = EnumSet.noneOf(LogField.class);
		for (Mapping mapping : this.mappings) {
			yielded.add(mapping.field());
			if (mapping.field() == LogField.PATH) {
				yielded.add(LogField.QUERY);
			}
		}
		this.fields = Collections.unmodifiableSet(yielded);
		this.top = KeyLevel.of(this.mappings, 0, IntStream.range(0, this.mappings.length).toArray());
		this.valueFrom = new int[this.mappings.length];
		this.valueTo = new int[this.mappings.length];
	}

	/**
	 * The keys mapped at one level of nesting, built once: for each, the mappings whose value it
	 * is, and the level inside it when mappings reach deeper. A line's key is looked up among a
	 * handful of keys of its level only, and a value under no mapped key is skipped unread.
	 */
	private static final class KeyLevel {

		final byte[][] keys;

		/** Per key, the mappings (indexes) whose value is this key's. */
		final int[][] kept;

		/** Per key, the level inside its object, or null. */
		final KeyLevel[] inner;

		private KeyLevel(byte[][] keys, int[][] kept, KeyLevel[] inner) {
			this.keys = keys;
			this.kept = kept;
			this.inner = inner;
		}

		/** The level of the mappings {@code among}, whose paths all pass through this one at {@code depth}. */
		static KeyLevel of(Mapping[] mappings, int depth, int[] among) {
			List<String> names = new ArrayList<>();
			for (int m : among) {
				String name = mappings[m].path().get(depth);
				if (!names.contains(name)) {
					names.add(name);
				}
			}
			byte[][] keys = new byte[names.size()][];
			int[][] kept = new int[names.size()][];
			KeyLevel[] inner = new KeyLevel[names.size()];
			for (int k = 0; k < keys.length; k++) {
				String name = names.get(k);
				keys[k] = name.getBytes(StandardCharsets.UTF_8);
				int[] here = Arrays.stream(among).filter(m -> mappings[m].path().get(depth).equals(name)).toArray();
				kept[k] = Arrays.stream(here).filter(m -> mappings[m].path().size() == depth + 1).toArray();
				int[] deeper = Arrays.stream(here).filter(m -> mappings[m].path().size() > depth + 1).toArray();
				inner[k] = (deeper.length == 0) ? null : of(mappings, depth + 1, deeper);
			}
			return new KeyLevel(keys, kept, inner);
		}

		/** Index of the key {@code b[from, to)} at this level, or -1. */
		int find(byte[] b, int from, int to) {
			int length = to - from;
			for (int k = 0; k < this.keys.length; k++) {
				if (this.keys[k].length == length && ByteSearch.regionEquals(b, from, this.keys[k])) {
					return k;
				}
			}
			return -1;
		}

	}

	@Override
	public Set<LogField> fields() {
		return this.fields;
	}

	@Override
	public boolean parse(byte[] b, int from, int to, ParsedLine into) {
		into.reset(b);
		Arrays.fill(this.valueFrom, -1);
		int i = skipSpace(b, from, to);
		if (i >= to || b[i] != '{') {
			return false;
		}
		i = object(b, i, to, this.top, 0);
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
					int query = ByteSearch.indexOf(b, vf, vt, (byte) '?');
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

	/**
	 * Why a line is malformed, naming the key or the byte: not an object, not JSON, text after it,
	 * no time or status among the format's keys, or a value of them that is not one.
	 */
	@Override
	public String explain(byte[] b, int from, int to) {
		Arrays.fill(this.valueFrom, -1);
		int i = skipSpace(b, from, to);
		if (i >= to || b[i] != '{') {
			return "not a JSON object: no { at byte " + (i - from);
		}
		int end = object(b, i, to, this.top, 0);
		if (end < 0) {
			return "not valid JSON, or nested deeper than " + MAX_DEPTH + " levels";
		}
		if (skipSpace(b, end, to) != to) {
			return "text after the JSON object at byte " + (skipSpace(b, end, to) - from);
		}
		for (LogField field : List.of(LogField.TIME, LogField.STATUS)) {
			String problem = null;
			boolean found = false;
			for (int m = 0; m < this.mappings.length && !found; m++) {
				Mapping mapping = this.mappings[m];
				int vf = this.valueFrom[m];
				if (mapping.field() != field || vf < 0) {
					continue;
				}
				int vt = this.valueTo[m];
				boolean valid = (field == LogField.TIME) ? time(mapping.unit(), b, vf, vt) != Long.MIN_VALUE
						: vt - vf == 3 && Numbers.digits(b, vf, vt) >= 0;
				String key = String.join(".", mapping.path());
				if (valid) {
					found = true;
				}
				else if (problem == null) {
					problem = key + ": '" + new String(b, vf, Math.min(vt - vf, 60), java.nio.charset.StandardCharsets.UTF_8)
							+ "' is not " + ((field == LogField.TIME) ? "a time" + ((mapping.unit() != null) ? " (" + mapping.unit()
									.toString()
									.toLowerCase(java.util.Locale.ROOT) + ")" : "") : "a 3-digit status");
				}
			}
			if (!found) {
				return (problem != null) ? problem : "no " + field.name().toLowerCase(java.util.Locale.ROOT) + ": none of the keys "
						+ keysOf(field) + " (logagg.json.keys)";
			}
		}
		return null;
	}

	private String keysOf(LogField field) {
		List<String> keys = new java.util.ArrayList<>();
		for (Mapping mapping : this.mappings) {
			if (mapping.field() == field) {
				keys.add(String.join(".", mapping.path()));
			}
		}
		return String.join(", ", keys);
	}

	/**
	 * Scans an object starting at its <code>{</code>, keeping the values of the keys mapped at
	 * {@code level}; the index after its <code>}</code>, or -1.
	 */
	private int object(byte[] b, int i, int to, KeyLevel level, int depth) {
		if (depth >= MAX_DEPTH) {
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
			int key = level.find(b, i + 1, keyEnd);
			i = skipSpace(b, keyEnd + 1, to);
			if (i >= to || b[i] != ':') {
				return -1;
			}
			i = skipSpace(b, i + 1, to);
			i = (key < 0) ? skipValue(b, i, to) : value(b, i, to, level, key, depth);
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

	/** Scans the value of a mapped key: kept, or entered if mappings reach into it. The index after it, or -1. */
	private int value(byte[] b, int i, int to, KeyLevel level, int key, int depth) {
		if (i >= to) {
			return -1;
		}
		byte c = b[i];
		if (c == '{') {
			KeyLevel inner = level.inner[key];
			return (inner != null) ? object(b, i, to, inner, depth + 1) : skipNested(b, i, to);
		}
		if (c == '[') {
			// An array (Caddy's header values): its first string is the value.
			int first = skipSpace(b, i + 1, to);
			if (first < to && b[first] == '"') {
				int end = stringEnd(b, first + 1, to);
				if (end < 0) {
					return -1;
				}
				keep(level.kept[key], first + 1, end);
			}
			return skipNested(b, i, to);
		}
		int end = scalarEnd(b, i, to);
		if (end < 0) {
			return -1;
		}
		if (c == '"') {
			keep(level.kept[key], i + 1, end - 1);
		}
		else if (!(c == 'n' && end - i == 4)) {
			// null is no value
			keep(level.kept[key], i, end);
		}
		return end;
	}

	private void keep(int[] mappings, int from, int to) {
		for (int m : mappings) {
			this.valueFrom[m] = from;
			this.valueTo[m] = to;
		}
	}

	/** Skips the value of a key no mapping names. */
	private static int skipValue(byte[] b, int i, int to) {
		if (i >= to) {
			return -1;
		}
		byte c = b[i];
		return (c == '{' || c == '[') ? skipNested(b, i, to) : scalarEnd(b, i, to);
	}

	/** The index after a string (with its quotes), number, true, false or null; -1 if there is none. */
	private static int scalarEnd(byte[] b, int i, int to) {
		if (b[i] == '"') {
			int end = stringEnd(b, i + 1, to);
			return (end < 0) ? -1 : end + 1;
		}
		int end = i;
		while (end < to && b[end] != ',' && b[end] != '}' && b[end] != ']' && b[end] != ' ' && b[end] != '\t') {
			end++;
		}
		return (end == i) ? -1 : end;
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

	/**
	 * Index of the closing quote of a string whose content starts at {@code from}, or -1: the next
	 * quote, unless an odd number of backslashes escapes it.
	 */
	private static int stringEnd(byte[] b, int from, int to) {
		int i = from;
		while (true) {
			int quote = quote(b, i, to);
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

	/**
	 * Index of the next quote, or -1. Most strings of a log line are short (keys, methods, numbers
	 * as text): a byte loop finds their end sooner than the word-at-a-time search, which pays off
	 * past the first 16 bytes (user agents, URIs).
	 */
	private static int quote(byte[] b, int from, int to) {
		int shortEnd = Math.min(to, from + 16);
		for (int i = from; i < shortEnd; i++) {
			if (b[i] == '"') {
				return i;
			}
		}
		return (shortEnd == to) ? -1 : ByteSearch.indexOf(b, shortEnd, to, (byte) '"');
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
				Mapping.of(LogField.BYTES, "size", Unit.PLAIN), Mapping.of(LogField.DURATION, "duration", Unit.SECONDS),
				Mapping.of(LogField.CONTENT_TYPE, "resp_headers.Content-Type", Unit.PLAIN)));
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
				Mapping.of(LogField.REFERER, "request_Referer", Unit.PLAIN),
				Mapping.of(LogField.CONTENT_TYPE, "downstream_Content-Type", Unit.PLAIN),
				Mapping.of(LogField.TLS_VERSION, "TLSVersion", Unit.PLAIN), Mapping.of(LogField.TLS_CIPHER, "TLSCipher", Unit.PLAIN)));
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

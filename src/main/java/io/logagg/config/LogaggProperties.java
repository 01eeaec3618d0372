package io.logagg.config;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.regex.Pattern;

import io.logagg.parse.FormatSpec;
import io.logagg.parse.JsonFormatParser;
import io.logagg.parse.LogField;
import io.logagg.read.RewrittenFilePolicy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every {@code logagg.*} setting, bound once at start-up and immutable afterwards. Each setting is
 * documented, with its default, in {@code config/application.yml}.
 *
 * @param source name of the Redis key namespace the aggregates and checkpoint live in
 * @param input directory whose files are read; required by {@code run} only
 * @param pattern glob that file names in {@code input} must match
 * @param dataDir holds the job repository (H2) and the embedded Redis's files
 * @param chunkSize lines per chunk: one Redis transaction and one checkpoint each
 * @param chunkGrowth how many times {@code chunkSize} lines a chunk grows to, at most, while the
 * step lags behind the reading (a backlog); 1 keeps every chunk at {@code chunkSize}
 * @param chunksPerUpdate chunks per job-repository update (Spring Batch's commit interval);
 * the checkpoint in Redis moves with every chunk regardless
 * @param maxLineBytes longest line parsed; longer ones are counted malformed and skipped
 * @param readBufferBytes size of the read buffer (raised to fit a line of {@code maxLineBytes})
 * @param snapshot the persistence step that ends every run
 * @param redis how logagg treats Redis errors
 * @param lock the single-runner lock of a source
 * @param recursive whether subdirectories of {@code input} are read too
 * @param onRewrittenFile what to do when the checkpointed file was truncated or replaced
 * @param malformed what is kept of malformed lines
 * @param metrics the HTTP endpoint of {@code schedule}
 * @param progressInterval how often a run without a terminal logs a progress line
 * @param forgetFilesAfter how long the record of a file gone from {@code input} is kept
 * @param history how much of the job repository's history is kept
 * @param format the log format: a preset, {@code nginx:} and a {@code log_format}, or
 * {@code apache:} and a {@code LogFormat}
 * @param json the keys of the {@code json} format
 * @param visitors how unique visitors are counted
 * @param retention how long time-bucketed keys are kept
 * @param panel how much a panel keeps
 * @param sources the sources {@code run --all-sources} reads, each its own partition; a
 * {@code --source} that names one of them without {@code --input} reads it alone
 * @param threads how many sources {@code --all-sources} reads at once
 * @param timeZone the zone whose days, hours and minutes the aggregates are kept in
 * @param goaccess the date and time formats of {@code goaccess:} formats
 * @param geoip the databases of the countries and asn panels
 * @param dashboard who may see the dashboard of {@code serve} and {@code schedule --serve}
 */
@ConfigurationProperties(prefix = "logagg", ignoreUnknownFields = false)
public record LogaggProperties(@DefaultValue("default") String source, Path input,
		@DefaultValue("*.log*") String pattern, @DefaultValue("false") boolean recursive,
		@DefaultValue("reread") RewrittenFilePolicy onRewrittenFile, @DefaultValue Malformed malformed,
		@DefaultValue("./data") Path dataDir,
		@DefaultValue("1000") int chunkSize, @DefaultValue("16") int chunkGrowth, @DefaultValue("50") int chunksPerUpdate,
		@DefaultValue("65536") int maxLineBytes,
		@DefaultValue("1048576") int readBufferBytes, @DefaultValue Snapshot snapshot, @DefaultValue Redis redis,
		@DefaultValue Lock lock, @DefaultValue Metrics metrics, @DefaultValue("3s") Duration progressInterval,
		@DefaultValue("7d") Duration forgetFilesAfter, @DefaultValue History history,
		@DefaultValue(FormatSpec.DEFAULT) String format, @DefaultValue Json json, @DefaultValue Visitors visitors,
		@DefaultValue Retention retention, @DefaultValue Panel panel, List<ListedSource> sources,
		@DefaultValue("4") int threads, @DefaultValue Fold fold, @DefaultValue Privacy privacy, @DefaultValue Filter filter,
		@DefaultValue("count") Crawlers crawlers, @DefaultValue("UTC") String timeZone, @DefaultValue GoAccess goaccess,
		@DefaultValue Geoip geoip, @DefaultValue Dashboard dashboard) {

	/** What compiling {@code format} needs besides its name. */
	public FormatSpec.Options formatOptions() {
		return new FormatSpec.Options(this.json.keys(), this.goaccess.dateFormat(), this.goaccess.timeFormat());
	}

	/**
	 * The date and time formats of {@code goaccess:} formats, as GoAccess's {@code --date-format}
	 * and {@code --time-format} (strftime: {@code %Y-%m-%d}, {@code %T}, {@code %s} for epoch seconds,
	 * {@code %f} for microseconds).
	 *
	 * @param dateFormat the date's format
	 * @param timeFormat the time's format
	 */
	public record GoAccess(@DefaultValue("%d/%b/%Y") String dateFormat, @DefaultValue("%H:%M:%S") String timeFormat) {
	}

	/**
	 * MaxMind-format databases (GeoLite2 or DB-IP Country, City, ASN) from which {@code report}
	 * works out the {@code countries} and {@code asn} panels of the stored hosts, as GoAccess's
	 * {@code --geoip-database}.
	 *
	 * @param database the database files; none leaves the panels out
	 */
	public record Geoip(List<Path> database) {

		public Geoip {
			database = (database != null) ? List.copyOf(database) : List.of();
			for (Path file : database) {
				if (!java.nio.file.Files.isReadable(file)) {
					throw new IllegalArgumentException("logagg.geoip.database " + file + " is not a readable file");
				}
			}
		}

	}

	/**
	 * The dashboard's credentials: a token every request must carry when it is served beyond
	 * loopback, from the environment ({@code LOGAGG_DASHBOARD_TOKEN}) or a file, never from the
	 * command line, where every user of the machine sees it.
	 *
	 * @param token the token itself
	 * @param tokenFile a file holding it (its first line)
	 */
	public record Dashboard(String token, Path tokenFile) {

		public Dashboard {
			if (token != null && token.isBlank()) {
				throw new IllegalArgumentException("logagg.dashboard.token is empty");
			}
			if (tokenFile != null && !java.nio.file.Files.isReadable(tokenFile)) {
				throw new IllegalArgumentException("logagg.dashboard.token-file " + tokenFile + " is not a readable file");
			}
		}

		/** The token to ask for, or null if none is set. */
		public String secret() {
			if (this.token != null) {
				return this.token.strip();
			}
			if (this.tokenFile == null) {
				return null;
			}
			try {
				String line = java.nio.file.Files.readAllLines(this.tokenFile).stream().findFirst().orElse("").strip();
				if (line.isEmpty()) {
					throw new IllegalArgumentException("logagg.dashboard.token-file " + this.tokenFile + " holds no token");
				}
				return line;
			}
			catch (java.io.IOException ex) {
				throw new IllegalArgumentException("logagg.dashboard.token-file " + this.tokenFile + " cannot be read: " + ex.getMessage());
			}
		}

		@Override
		public String toString() {
			return "Dashboard[token=" + ((this.token != null) ? "(set)" : "none") + ", tokenFile=" + this.tokenFile + "]";
		}

	}

	/** The zone of {@code logagg.time-zone}. */
	public ZoneId zone() {
		return zoneOf(this.timeZone);
	}

	private static ZoneId zoneOf(String timeZone) {
		try {
			return ZoneId.of(timeZone.strip());
		}
		catch (DateTimeException ex) {
			throw new IllegalArgumentException("logagg.time-zone '" + timeZone + "' is not a time zone: use UTC, a name such as "
					+ "Europe/Paris or America/New_York (as in /usr/share/zoneinfo), or an offset such as +02:00");
		}
	}

	/** Source names become part of Redis keys, so they may not contain a hash tag or separator. */
	public static final Pattern SOURCE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	public LogaggProperties {
		if (!SOURCE_NAME.matcher(source).matches()) {
			throw new IllegalArgumentException("invalid source name '" + source
					+ "': use 1 to 64 of the characters A-Z a-z 0-9 . _ -");
		}
		sources = (sources != null) ? List.copyOf(sources) : List.of();
		Set<String> names = new HashSet<>();
		for (ListedSource listed : sources) {
			if (!names.add(listed.name())) {
				throw new IllegalArgumentException("logagg.sources lists '" + listed.name() + "' twice");
			}
			if (input == null && listed.name().equals(source)) {
				// run --source NAME without --input: the listed source's own input, pattern and format.
				input = listed.input();
				pattern = (listed.pattern() != null) ? listed.pattern() : pattern;
				format = (listed.format() != null) ? listed.format() : format;
			}
			if (listed.pattern() != null) {
				requireGlob(listed.pattern());
			}
			// A listed source's own format is compiled when it is read (its run, or --all-sources):
			// a bad one must not block another source's run, nor be blamed on --format.
		}
		requireAtLeast("logagg.threads", threads, 1);
		zoneOf(timeZone);
		requireGlob(pattern);
		// Compiled once here so that a bad format is refused before anything starts.
		FormatSpec.compile(format, new FormatSpec.Options(json.keys(), goaccess.dateFormat(), goaccess.timeFormat()));
		requireAtLeast("logagg.chunk-size", chunkSize, 1);
		requireAtLeast("logagg.chunk-growth", chunkGrowth, 1);
		requireAtLeast("logagg.chunks-per-update", chunksPerUpdate, 1);
		requireAtLeast("logagg.max-line-bytes", maxLineBytes, 16);
		requireAtLeast("logagg.read-buffer-bytes", readBufferBytes, 64);
		requireAtLeast("logagg.progress-interval (ms)", progressInterval.toMillis(), 1);
		requireAtLeast("logagg.forget-files-after (ms)", forgetFilesAfter.toMillis(), 0);
	}

	/**
	 * The listed sources with the global pattern and format filled in where they set none.
	 */
	/**
	 * Compiles every listed source's format: what {@code --all-sources} checks before it reads.
	 * @throws IllegalArgumentException naming the source whose format is wrong, and why
	 */
	public void requireListedFormats() {
		for (ListedSource listed : listedSources()) {
			try {
				FormatSpec.compile(listed.format(), formatOptions());
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("logagg.sources: source '" + listed.name() + "' has a format that cannot be "
						+ "used: " + ex.getMessage().replace("logagg.format (--format)", "its format"));
			}
		}
	}

	public List<ListedSource> listedSources() {
		return this.sources.stream()
			.map(listed -> new ListedSource(listed.name(), listed.input(),
					(listed.pattern() != null) ? listed.pattern() : this.pattern,
					(listed.format() != null) ? listed.format() : this.format))
			.toList();
	}

	/**
	 * One entry of {@code logagg.sources}.
	 *
	 * @param name the source name, its Redis key namespace
	 * @param input its directory of log files
	 * @param pattern its file name glob, or null for {@code logagg.pattern}
	 * @param format its log format, or null for {@code logagg.format}
	 */
	public record ListedSource(String name, Path input, String pattern, String format) {

		public ListedSource {
			if (name == null || !SOURCE_NAME.matcher(name).matches()) {
				throw new IllegalArgumentException("logagg.sources: invalid source name '" + name
						+ "': use 1 to 64 of the characters A-Z a-z 0-9 . _ -");
			}
			if (input == null) {
				throw new IllegalArgumentException("logagg.sources: source '" + name + "' has no input directory");
			}
		}

	}

	private static void requireGlob(String pattern) {
		if (pattern.isBlank()) {
			throw new IllegalArgumentException("logagg.pattern (--pattern) is empty: give a glob, such as 'access.log*'");
		}
		try {
			FileSystems.getDefault().getPathMatcher("glob:" + pattern);
		}
		catch (java.util.regex.PatternSyntaxException ex) {
			throw new IllegalArgumentException("logagg.pattern (--pattern) '" + pattern + "' is not a valid glob: "
					+ ex.getDescription() + " near index " + ex.getIndex());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("logagg.pattern (--pattern) '" + pattern + "' is not a valid glob: "
					+ ex.getMessage());
		}
	}

	/** Refuses a duration below {@code min}, both said as an operator writes them. */
	private static void requireAtLeast(String name, Duration value, Duration min) {
		if (value.compareTo(min) < 0) {
			throw new IllegalArgumentException(name + " must be at least " + readable(min) + ", not " + readable(value));
		}
	}

	/** 1d, 35d, 90s, 500ms: as a setting is written. */
	private static String readable(Duration duration) {
		if (duration.toMillis() % 86_400_000 == 0 && !duration.isZero()) {
			return duration.toDays() + "d";
		}
		if (duration.toMillis() % 60_000 == 0 && !duration.isZero()) {
			return duration.toMinutes() + "m";
		}
		if (duration.toMillis() % 1000 == 0) {
			return duration.toSeconds() + "s";
		}
		return duration.toMillis() + "ms";
	}

	private static void requireAtLeast(String name, long value, long min) {
		if (value < min) {
			throw new IllegalArgumentException(name + " must be at least " + min + ", not " + value);
		}
	}

	/**
	 * The persistence step.
	 *
	 * @param mode what the step asks of Redis
	 * @param timeout how long the step waits for a background save before failing
	 * @param savePolicy the {@code save} setting applied in {@link SnapshotMode#POLICY} mode
	 * @param aof the settings of {@link SnapshotMode#AOF} mode
	 * @param aofRewrite {@code logagg.snapshot.aof-rewrite}, the flat name of
	 * {@code logagg.snapshot.aof.rewrite}; the rewrite runs when either is true
	 */
	public record Snapshot(@DefaultValue("bgsave") SnapshotMode mode, @DefaultValue("5m") Duration timeout,
			@DefaultValue("900 1 300 10 60 10000") String savePolicy, @DefaultValue Aof aof, Boolean aofRewrite) {

		public Snapshot {
			// Both names are honoured, and both default to false: "either is true" is the only rule
			// under which neither name can silently cancel the other.
			if (Boolean.TRUE.equals(aofRewrite) && !aof.rewrite()) {
				aof = new Aof(aof.appendfsync(), true, aof.rewritePercentage(), aof.rewriteMinSize());
			}
		}

	}

	/**
	 * The {@link SnapshotMode#AOF} mode.
	 *
	 * @param appendfsync {@code always}, {@code everysec} or {@code no}
	 * @param rewrite whether to run BGREWRITEAOF and wait for it
	 * @param rewritePercentage {@code auto-aof-rewrite-percentage}
	 * @param rewriteMinSize {@code auto-aof-rewrite-min-size}
	 */
	public record Aof(@DefaultValue("everysec") String appendfsync, @DefaultValue("false") boolean rewrite,
			@DefaultValue("100") int rewritePercentage, @DefaultValue("64mb") String rewriteMinSize) {

		public Aof {
			if (!Set.of("always", "everysec", "no").contains(appendfsync)) {
				throw new IllegalArgumentException(
						"logagg.snapshot.aof.appendfsync must be always, everysec or no, not " + appendfsync);
			}
		}

	}

	/**
	 * Malformed lines.
	 *
	 * @param keep how many of the first malformed lines are kept as samples, with file and offset
	 */
	public record Malformed(@DefaultValue("100") int keep) {

		public Malformed {
			requireAtLeast("logagg.malformed.keep", keep, 0);
		}

	}

	/**
	 * Redis behaviour.
	 *
	 * @param retry how transient errors are retried
	 * @param waitReplicas replicas that must acknowledge each chunk (WAIT) before the run goes on; 0
	 * waits for none
	 * @param waitTimeout how long one WAIT may take
	 * @param waitAttempts WAITs tried per chunk before the run stops
	 * @param replicaUrl a replica that {@code report} and {@code status} read from, or null
	 */
	public record Redis(@DefaultValue Retry retry, @DefaultValue("0") int waitReplicas,
			@DefaultValue("2s") Duration waitTimeout, @DefaultValue("1") int waitAttempts, String replicaUrl) {

		public Redis {
			requireAtLeast("logagg.redis.wait-replicas", waitReplicas, 0);
			requireAtLeast("logagg.redis.wait-attempts", waitAttempts, 1);
		}

	}

	/**
	 * The keys of the {@code json} format: where each of logagg's fields is in a JSON line, as a
	 * dotted key ({@code request.headers.User-Agent}); a field without a key is not read. Time
	 * values may be epoch seconds or milliseconds (with a fraction), ISO 8601 or the CLF stamp.
	 *
	 * @param time key of the request time
	 * @param client key of the client address
	 * @param user key of the authenticated user
	 * @param method key of the request method
	 * @param path key of the request URI (its query split off)
	 * @param query key of the query string
	 * @param protocol key of the protocol
	 * @param status key of the status
	 * @param bytes key of the response size
	 * @param referer key of the Referer
	 * @param userAgent key of the User-Agent
	 * @param vhost key of the virtual host
	 * @param duration key of the request's duration
	 * @param durationUnit {@code s}, {@code ms}, {@code us} or {@code ns}
	 * @param contentType key of the response's Content-Type
	 * @param cacheStatus key of the cache's verdict ({@code HIT}, {@code MISS})
	 * @param tlsVersion key of the TLS protocol version
	 * @param tlsCipher key of the TLS cipher
	 */
	public record Json(String time, String client, String user, String method, String path, String query,
			String protocol, String status, String bytes, String referer, String userAgent, String vhost, String duration,
			@DefaultValue("s") String durationUnit, String contentType, String cacheStatus, String tlsVersion, String tlsCipher) {

		public Json {
			if (!Set.of("s", "ms", "us", "ns").contains(durationUnit)) {
				throw new IllegalArgumentException("logagg.json.duration-unit must be s, ms, us or ns, not " + durationUnit);
			}
		}

		/** The keys, as the {@code json} format takes them. */
		public FormatSpec.JsonKeys keys() {
			Map<LogField, String> keys = new EnumMap<>(LogField.class);
			put(keys, LogField.TIME, this.time);
			put(keys, LogField.CLIENT, this.client);
			put(keys, LogField.USER, this.user);
			put(keys, LogField.METHOD, this.method);
			put(keys, LogField.PATH, this.path);
			put(keys, LogField.QUERY, this.query);
			put(keys, LogField.PROTOCOL, this.protocol);
			put(keys, LogField.STATUS, this.status);
			put(keys, LogField.BYTES, this.bytes);
			put(keys, LogField.REFERER, this.referer);
			put(keys, LogField.USER_AGENT, this.userAgent);
			put(keys, LogField.VHOST, this.vhost);
			put(keys, LogField.DURATION, this.duration);
			put(keys, LogField.CONTENT_TYPE, this.contentType);
			put(keys, LogField.CACHE_STATUS, this.cacheStatus);
			put(keys, LogField.TLS_VERSION, this.tlsVersion);
			put(keys, LogField.TLS_CIPHER, this.tlsCipher);
			JsonFormatParser.Unit unit = switch (this.durationUnit) {
				case "ms" -> JsonFormatParser.Unit.MILLIS;
				case "us" -> JsonFormatParser.Unit.MICROS;
				case "ns" -> JsonFormatParser.Unit.NANOS;
				default -> JsonFormatParser.Unit.SECONDS;
			};
			return new FormatSpec.JsonKeys(keys, unit);
		}

		private static void put(Map<LogField, String> keys, LogField field, String key) {
			if (key != null && !key.isBlank()) {
				keys.put(field, key.strip());
			}
		}

	}

	/**
	 * Unique visitors: client, UTC day and user agent, as GoAccess counts them.
	 *
	 * @param count4xx whether requests answered 4xx count too (GoAccess's {@code --4xx-to-unique-count})
	 */
	public record Visitors(@DefaultValue("false") boolean count4xx) {
	}

	/**
	 * How long time-bucketed keys live after their last write: each gets a TTL when written.
	 *
	 * @param minutes per-minute keys (latency per minute, errors per minute)
	 * @param days per-day keys (panels, visitors, days, latency per day)
	 */
	public record Retention(@DefaultValue("35d") Duration minutes, @DefaultValue("400d") Duration days) {

		public Retention {
			requireAtLeast("logagg.retention.minutes", minutes, Duration.ofMinutes(1));
			requireAtLeast("logagg.retention.days", days, Duration.ofDays(1));
		}

	}

	/**
	 * The top-N panels.
	 *
	 * @param maxDistinct members a panel keeps per day, and paths the all-time top paths keep; past that, the least
	 * requested are counted as {@code (other)}
	 * @param names the panels kept, among those the format has fields for; empty keeps none. The
	 * timed panels ({@code pathsTime}, {@code staticTime}, {@code notFoundTime}, {@code vhostsTime}:
	 * each row's mean and p95 duration) are among the defaults; {@code hostsTime} is not: a field per
	 * client and duration bucket doubled the job's time on a real site's day of 42,000 clients
	 */
	public record Panel(@DefaultValue("100000") int maxDistinct,
			@DefaultValue({ "paths", "static", "notFound", "hosts", "vhosts", "methods", "protocols", "referringSites", "referrers",
					"agents", "hours", "slowPaths", "remoteUser", "cacheStatus", "mimeTypes", "tls", "pathsTime", "staticTime",
					"notFoundTime", "vhostsTime" }) List<String> names) {

		/** Every panel logagg knows, by the name of its key and JSON. */
		public static final List<String> KNOWN = List.of("paths", "static", "notFound", "hosts", "vhosts", "methods", "protocols",
				"referringSites", "referrers", "agents", "hours", "slowPaths", "remoteUser", "cacheStatus", "mimeTypes", "tls",
				"pathsTime", "staticTime", "notFoundTime", "hostsTime", "vhostsTime");

		public Panel {
			requireAtLeast("logagg.panel.max-distinct", maxDistinct, 1);
			names = List.copyOf(names);
			for (String name : names) {
				if (!KNOWN.contains(name)) {
					throw new IllegalArgumentException("logagg.panel.names: '" + name + "' is not a panel; the panels are "
							+ String.join(", ", KNOWN));
				}
			}
		}

	}

	/**
	 * Lines left out before anything is counted; each filter's count is kept ({@code totals}
	 * {@code filtered:NAME}) and reported, so that the lines read still add up.
	 *
	 * @param ignoreClients addresses and CIDR blocks whose requests are left out (GoAccess's {@code --exclude-ip})
	 * @param ignoreStatus status codes whose responses are left out ({@code --ignore-status})
	 * @param ignoreStatics whether requests of static files are left out ({@code --ignore-statics=req})
	 * @param ignoreReferrers host patterns of referring sites whose requests are left out ({@code --ignore-referrer})
	 */
	public record Filter(List<String> ignoreClients, List<Integer> ignoreStatus, @DefaultValue("false") boolean ignoreStatics,
			List<String> ignoreReferrers) {

		public Filter {
			ignoreClients = (ignoreClients != null) ? List.copyOf(ignoreClients) : List.of();
			ignoreStatus = (ignoreStatus != null) ? List.copyOf(ignoreStatus) : List.of();
			ignoreReferrers = (ignoreReferrers != null) ? List.copyOf(ignoreReferrers) : List.of();
			new io.logagg.filter.ReferrerFilter(ignoreReferrers);
			// Built once here so that a bad block or code is refused before anything starts.
			new io.logagg.filter.ClientFilter(ignoreClients);
			new io.logagg.filter.StatusFilter(ignoreStatus);
		}

	}

	/** Crawlers: counted like anyone ({@code count}), left out ({@code ignore}), or alone counted ({@code only}). */
	public enum Crawlers {

		COUNT, IGNORE, ONLY

	}

	/**
	 * What logagg keeps of the people behind the requests.
	 *
	 * @param anonymizeIp whether client addresses are anonymised as they are read, before anything is
	 * counted or kept (GoAccess's {@code --anonymize-ip})
	 * @param anonymizeLevel how much: 1 keeps an IPv4 /24 and an IPv6 /64, 2 a /16 and a /48, 3 a /8
	 * and a /32 (GoAccess's {@code --anonymize-level})
	 */
	public record Privacy(@DefaultValue("false") boolean anonymizeIp, @DefaultValue("1") int anonymizeLevel) {

		public Privacy {
			if (anonymizeLevel < 1 || anonymizeLevel > 3) {
				throw new IllegalArgumentException("logagg.privacy.anonymize-level must be 1, 2 or 3 (GoAccess's levels), not "
						+ anonymizeLevel);
			}
		}

		/** The level addresses are anonymised at, or 0 if they are kept whole. */
		public int level() {
			return this.anonymizeIp ? this.anonymizeLevel : 0;
		}

	}

	/**
	 * When the job folds: writes the panels' and slowPaths' pending deltas (what each committed chunk
	 * added, kept encoded in Redis and summed in memory) to their per-day keys, each distinct member
	 * once. Always at the end of a run; during a long one, as soon as either bound is passed.
	 *
	 * @param maxPendingBytes the bytes the source's pending deltas may hold in Redis
	 * @param maxPendingAge how long a committed chunk may wait for its fold
	 */
	public record Fold(@DefaultValue("64MB") DataSize maxPendingBytes, @DefaultValue("60s") Duration maxPendingAge) {

		public Fold {
			requireAtLeast("logagg.fold.max-pending-bytes", maxPendingBytes.toBytes(), 1);
			requireAtLeast("logagg.fold.max-pending-age (ms)", maxPendingAge.toMillis(), 1);
		}

	}

	/**
	 * The job repository's history: executions are deleted once they are older than
	 * {@code keepFor}, or beyond the newest {@code keepExecutions} (counted as job instances: one per
	 * run, restarts included in theirs).
	 *
	 * @param keepFor how long an execution is kept after it ended
	 * @param keepExecutions how many runs are kept at most
	 */
	public record History(@DefaultValue("30d") Duration keepFor, @DefaultValue("10000") int keepExecutions) {

		public History {
			requireAtLeast("logagg.history.keep-executions", keepExecutions, 1);
		}

	}

	/**
	 * Retries of transient Redis errors (connection lost, timeout, LOADING) with exponential
	 * backoff. A retried chunk is never applied twice: the checkpoint says whether it got through.
	 *
	 * @param maxAttempts attempts in all, the first included; 1 turns retries off
	 * @param initialBackoff wait before the first retry
	 * @param multiplier factor applied to the wait after each retry
	 * @param maxBackoff longest wait between two attempts
	 */
	public record Retry(@DefaultValue("6") int maxAttempts, @DefaultValue("200ms") Duration initialBackoff,
			@DefaultValue("2") double multiplier, @DefaultValue("5s") Duration maxBackoff) {

		public Retry {
			requireAtLeast("logagg.redis.retry.max-attempts", maxAttempts, 1);
			if (multiplier < 1) {
				throw new IllegalArgumentException("logagg.redis.retry.multiplier must be at least 1, not " + multiplier);
			}
		}

	}

	/**
	 * The lock that keeps a second run of the same source from starting.
	 *
	 * @param enabled false only where something else guarantees a single runner; the checkpoint
	 * guard still refuses a second runner's chunks
	 * @param ttl how long a lock outlives a killed holder; renewed every third of it while the run
	 * is alive
	 */
	public record Lock(@DefaultValue("true") boolean enabled, @DefaultValue("30s") Duration ttl) {

		public Lock {
			if (ttl.toMillis() < 300) {
				throw new IllegalArgumentException("logagg.lock.ttl must be at least 300ms, not " + ttl);
			}
		}

	}

	/**
	 * Actuator health and Prometheus metrics served by {@code schedule}.
	 *
	 * @param port TCP port; 0 (the default) serves nothing
	 * @param address address to listen on
	 */
	public record Metrics(@DefaultValue("0") int port, @DefaultValue("127.0.0.1") String address) {

		public Metrics {
			if (port < 0 || port > 65535) {
				throw new IllegalArgumentException("logagg.metrics.port must be 0 (off) or a TCP port, not " + port);
			}
		}

	}

	/** What the last step of the job asks of Redis. */
	public enum SnapshotMode {

		/** BGSAVE, then wait until the new RDB file is written. */
		BGSAVE,
		/** Turn on AOF, optionally rewrite it, and verify its status. */
		AOF,
		/** CONFIG SET save to the configured policy, verified with CONFIG GET. */
		POLICY,
		/** Nothing: persistence is the Redis operator's business. */
		NONE

	}

}

package io.logagg.checkpoint;

import io.logagg.config.LogaggProperties;

import org.springframework.util.Assert;

/**
 * The Redis keys of one source. Every key carries the source in one hash tag,
 * {@code logagg:{NAME}:...}, so that a source's transaction touches a single Redis Cluster slot.
 *
 * @param source the source name, already validated against {@link LogaggProperties#SOURCE_NAME}
 */
public record KeyLayout(String source) {

	public KeyLayout {
		Assert.isTrue(LogaggProperties.SOURCE_NAME.matcher(source).matches(), () -> "invalid source name " + source);
	}

	private String key(String suffix) {
		return "logagg:{" + this.source + "}:" + suffix;
	}

	/**
	 * Hash: {@code file}, {@code offset}, {@code updated} (epoch milliseconds), and the file's
	 * identity when it was opened: {@code size}, {@code head_length}, {@code head_crc}; and
	 * {@code record}, the key of that file's record in {@link #files()} (absent in checkpoints
	 * written before files had records).
	 */
	public String checkpoint() {
		return key("checkpoint");
	}

	/**
	 * List {@code pending}: the committed chunks' deltas of the aggregates that wait for a fold
	 * (panels, slowPaths), oldest first, each one element ({@code io.logagg.aggregate.DeltaEncoding});
	 * a fold writes them all and deletes the list, counting itself in the checkpoint's {@code folds}.
	 */
	public String pending() {
		return key("pending");
	}

	/**
	 * Hash: a file's record key to {@code offset TAB head_length TAB head_crc TAB size TAB updated
	 * TAB file_key TAB name} (the name last, so that it may hold any character): what was read
	 * from each file, recognised by its head under any name.
	 */
	public String files() {
		return key("files");
	}

	/** Hash: {@code lines}, {@code malformed}, {@code bytes}. */
	public String totals() {
		return key("totals");
	}

	/** Hash: status code to count. */
	public String status() {
		return key("status");
	}

	/** Hash: UTC minute {@code yyyy-MM-ddTHH:mm} to count. */
	public String minutes() {
		return key("minutes");
	}

	/** List: the first malformed lines, as {@code file TAB offset TAB excerpt}. */
	public String malformed() {
		return key("malformed");
	}

	/** String: the token of the run that holds the source's lock, with a TTL. */
	public String lock() {
		return key("lock");
	}

	/** Sorted set: request path scored by count. */
	public String paths() {
		return key("paths");
	}

	/**
	 * Hash: a panel's members on one UTC day ({@code yyyy-MM-dd}) to their requests; at most
	 * {@code logagg.panel.max-distinct} members and {@code (other)}.
	 */
	public String panel(String name, String day) {
		return key("panel:" + name + ":" + day);
	}

	/** Hash: a panel's members on one UTC day to their response bytes. */
	public String panelBytes(String name, String day) {
		return key("panel-bytes:" + name + ":" + day);
	}

	/**
	 * Sorted set: a day's panel members ranked by requests, kept only once the panel passed
	 * {@code max-distinct}, so that folding the least requested into {@code (other)} takes the few it
	 * folds rather than a sort of the whole day. Left by builds before 2026-12-07's seventh stop: a
	 * day past its bound is now cut in the JVM, which deletes it.
	 */
	public String panelRank(String name, String day) {
		return key("panel-rank:" + name + ":" + day);
	}

	/** Hash: the durations of each path on one UTC day, {@code BUCKET PATH} to count (the slowPaths panel). */
	public String slowPaths(String day) {
		return key("slow-paths:" + day);
	}

	/** Sorted set: a day's slow-path fields ranked by requests, once the day passed its bound; left by older builds (as {@link #panelRank}). */
	public String slowPathsRank(String day) {
		return key("slow-paths-rank:" + day);
	}

	/** HyperLogLog: the visitors (client, user agent) of one UTC day. */
	public String visitors(String day) {
		return key("visitors:" + day);
	}

	/** Hash: request durations of one UTC minute ({@code yyyy-MM-ddTHH:mm}), log-scale bucket index to count. */
	public String latency(String minute) {
		return key("latency:" + minute);
	}

	/** Hash: {@code 4xx} and {@code 5xx} responses per UTC minute of one day, field {@code HH:mm 4xx}. */
	public String errors(String day) {
		return key("errors:" + day);
	}

	/** Hash: {@code lines} and {@code bytes} of one UTC day. */
	public String day(String day) {
		return key("day:" + day);
	}

	/** Sorted set: the UTC days with lines ({@code yyyy-MM-dd}), scored by epoch day. */
	public String days() {
		return key("days");
	}

}

package io.logagg.aggregate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.logagg.checkpoint.ChunkWrites;
import io.logagg.checkpoint.TransactionCommands;
import io.logagg.parse.LogField;
import io.logagg.parse.ParsedLine;

/**
 * Requests per path (no query string) since the source's first line: sorted set {@code paths},
 * path scored by count, at most {@code logagg.panel.max-distinct} paths and {@code (other)}. A
 * chunk's counts go in its pending delta and a fold adds them up, one {@code ZINCRBY} per distinct
 * path per fold ({@link #ADD_AND_FOLD}): per chunk, a real log's paths were 360,000 commands a
 * million lines, a fifth of the job's time. Where the {@code paths} panel is kept (the default), its
 * part of the delta holds the same counts per day: the chunk then carries a marker that says so
 * ({@link #CARRIED_BY_PANEL}) instead of the paths a second time, and reading the delta sums the
 * panel's part into this one's ({@link DeltaEncoding#decodeInto}).
 */
public final class PathsAggregate implements Aggregate {

	/** The kind of the all-time paths' parts in pending deltas. */
	public static final String KIND = "paths";

	/** The sorted set has no day: its counts travel in a part's one day, the epoch's. */
	static final long ALL_TIME = 0;

	/**
	 * The kind of the marker part that says the chunk's {@code panel:paths} part holds its paths'
	 * counts too; it must come before that part, as this aggregate comes before the panels.
	 */
	static final String CARRIED_BY_PANEL = "paths=panel:paths";

	/** The marker's counts: no day. */
	private static final byte[] NO_DAYS = { 0 };

	private final boolean carriedByPanel;

	/** @param carriedByPanel whether the {@code paths} panel is kept, and carries the counts */
	public PathsAggregate(boolean carriedByPanel) {
		this.carriedByPanel = carriedByPanel;
	}

	@Override
	public Set<LogField> needs() {
		return Set.of(LogField.PATH);
	}

	@Override
	public Accumulator accumulator() {
		return new Accumulator() {

			private final MembersByDay paths = new MembersByDay();

			/** Whether a line of the chunk had a path, when the panel carries them. */
			private boolean carried;

			@Override
			public void add(ParsedLine line) {
				int from = line.from(LogField.PATH);
				if (from < 0) {
					return;
				}
				if (PathsAggregate.this.carriedByPanel) {
					this.carried = true;
				}
				else {
					this.paths.add(ALL_TIME, 0, line.bytes(), from, line.to(LogField.PATH), 0);
				}
			}

			@Override
			public long retainedBytes() {
				return this.paths.retainedBytes();
			}

			@Override
			public ChunkWrites drain(ChunkCounts chunk) {
				if (this.carried) {
					this.carried = false;
					return new PendingPart(CARRIED_BY_PANEL, NO_DAYS);
				}
				byte[] counts = this.paths.encode(false);
				return (counts != null) ? new PendingPart(KIND, counts) : null;
			}

		};
	}

	/**
	 * Adds the all-time paths' counts a pending delta holds to {@code into}, path by path: what a
	 * fold of it would add to the sorted set (tests and tools; a fold sums deltas its own way).
	 */
	public static void countsIn(byte[] delta, Map<String, Long> into) {
		Map<String, DayFieldCounts> parts = new TreeMap<>();
		DeltaEncoding.decodeInto(delta, parts);
		DayFieldCounts paths = parts.get(KIND);
		if (paths != null) {
			paths.days().values().forEach(fields -> fields.forEach((path, counts) -> into.merge(path, counts[0], Long::sum)));
		}
	}

	private static boolean ascii(byte[] bytes) {
		for (byte b : bytes) {
			if (b < 0) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Adds a fold's paths to the all-time sorted set, then, once it holds more than
	 * {@code max-distinct} paths besides {@code (other)}, folds the least requested (ties by name)
	 * into {@code (other)} until nine tenths remain, as a day's panel does, the sorted set being its
	 * own rank: unbounded, a scanner's random paths grew it to 2.9 M paths and 311 MB after 3 M
	 * lines, and a report with chunks pending read all of it. A new path that ranks below the lowest
	 * of the nine tenths goes straight to {@code (other)} (one {@code ZSCORE}), and is added after
	 * all if the fold does not trim. The first fold of a set grown before the bound trims it ten
	 * thousand paths at a time. KEYS: the sorted set; ARGV: max distinct, then path, count pairs,
	 * each path once (as a fold's sum sends them).
	 */
	static final String ADD_AND_FOLD = DayRank.FUNCTIONS + """
			local max = tonumber(ARGV[1])
			local keep = math.floor(max * 0.9)
			local other = tonumber(redis.call('ZSCORE', KEYS[1], '(other)') or '0')
			if other > 0 then redis.call('ZREM', KEYS[1], '(other)') end
			local held = redis.call('ZCARD', KEYS[1]) > 0
			local cut, added
			local function find_cut()
			  added = 0
			  if redis.call('ZCARD', KEYS[1]) >= keep then
			    cut = redis.call('ZREVRANGE', KEYS[1], keep - 1, keep - 1, 'WITHSCORES')
			    cut[2] = tonumber(cut[2])
			  end
			end
			find_cut()
			local below = {}
			for i = 2, #ARGV, 2 do
			  if ARGV[i] == '(other)' then
			    other = other + tonumber(ARGV[i + 1])
			  elseif cut and ranks_below(tonumber(ARGV[i + 1]), ARGV[i], cut[2], cut[1])
			      and (not held or not redis.call('ZSCORE', KEYS[1], ARGV[i])) then
			    below[#below + 1] = i
			  else
			    redis.call('ZINCRBY', KEYS[1], ARGV[i + 1], ARGV[i])
			    added = added + 1
			    if added >= 1000 then find_cut() end
			  end
			end
			local n = redis.call('ZCARD', KEYS[1])
			if n + #below > max then
			  for _, i in ipairs(below) do other = other + tonumber(ARGV[i + 1]) end
			  local remove = n - keep
			  while remove > 0 do
			    local batch = math.min(remove, 10000)
			    local victims = redis.call('ZRANGE', KEYS[1], 0, batch - 1, 'WITHSCORES')
			    for j = 2, #victims, 2 do other = other + tonumber(victims[j]) end
			    redis.call('ZREMRANGEBYRANK', KEYS[1], 0, batch - 1)
			    remove = remove - batch
			  end
			else
			  for _, i in ipairs(below) do redis.call('ZINCRBY', KEYS[1], ARGV[i + 1], ARGV[i]) end
			end
			if other > 0 then redis.call('ZADD', KEYS[1], other, '(other)') end
			return n
			""";

	/** Counts per path, one chunk's or a fold's. */
	record Writes(DayFieldCounts counts, AggregateSettings settings) implements ChunkWrites {

		@Override
		public void queue(TransactionCommands commands) {
			List<byte[]> args = new ArrayList<>(1 + this.counts.size() * 2);
			args.add(PanelAggregate.ascii(this.settings.panelMaxDistinct()));
			this.counts.forEachDay((paths, day) -> paths.forEachRaw((path, count, bytes) -> {
				// Members as UTF-8 decodes and encodes them, as before the paths were folded: the same
				// bytes where they are ASCII (no copy: a fold can hold megabytes of long paths), else
				// with invalid sequences replaced.
				args.add(ascii(path) ? path : new String(path, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
				args.add(PanelAggregate.ascii(count));
			}));
			commands.evalBytes(ADD_AND_FOLD, List.of(commands.keys().paths()), args);
		}

	}

}

package io.logagg.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.datadoghq.sketch.ddsketch.mapping.CubicallyInterpolatedMapping;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import io.logagg.checkpoint.ChunkWrites;
import io.logagg.checkpoint.TransactionCommands;
import io.logagg.checkpoint.WatchedReads;
import io.logagg.parse.LogField;
import io.logagg.parse.ParsedLine;

/**
 * The durations of each path, for the {@code slowPaths} panel (paths by p95): per UTC day, hash
 * {@code slow-paths:DAY}, field {@code BUCKET PATH} to count, where BUCKET is a log-scale bucket
 * of 5 % relative accuracy (coarser than the latency histograms: a path's p95 needs no finer, and
 * a field per path and bucket is what this costs). Past {@code max-distinct} fields a day's
 * rarest fields are folded into {@code BUCKET (other)}, keeping every bucket's total.
 */
public final class SlowPathsAggregate implements Aggregate {

	/** The panel's name in settings, keys and the report. */
	public static final String PANEL = "slowPaths";

	/** Durations in microseconds to buckets and back; the report reads with the same. */
	public static final IndexMapping MAPPING = new CubicallyInterpolatedMapping(0.05);

	/**
	 * Adds a chunk's fields to a day's hash, then, past the bound, folds the rarest tenth into
	 * their buckets' {@code (other)}, taking them from the day's rank (as {@link PanelAggregate}
	 * does: built once when the day passes its bound, kept up to date by each chunk, living a day
	 * after its last write) rather than sorting the whole day at every chunk. As a panel's, a new
	 * field that ranks below all those the day can keep (nine tenths of the bound, less its
	 * {@code (other)} fields) goes straight to its bucket's {@code (other)} when the call trims, and
	 * a call of more fields than the bound ranks the day first. KEYS: the hash and its rank; ARGV: max
	 * fields, seconds to live, then field, count pairs, each field once. Inside the fold's
	 * MULTI/EXEC like every other write.
	 */
	static final String ADD_AND_FOLD = DayRank.FUNCTIONS + """
			local max = tonumber(ARGV[1])
			local keep = math.floor(max * 0.9)
			local function is_other(field) return string.find(field, ' (other)', 1, true) ~= nil end
			local function to_other(field, count)
			  redis.call('HINCRBY', KEYS[1], string.match(field, '^(%-?%d+) ') .. ' (other)', count)
			end
			local function add(i, ranked)
			  redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1])
			  if ranked and not is_other(ARGV[i]) then redis.call('ZINCRBY', KEYS[2], ARGV[i + 1], ARGV[i]) end
			end
			-- The day keeps nine tenths of the bound, its (other) fields (those not in the rank) among them.
			local ranked, below = add_or_hold_back(KEYS[1], KEYS[2], 2, max,
			  function(ranks) return keep - (redis.call('HLEN', KEYS[1]) - ranks) end, is_other, add,
			  function() set_new(KEYS[1], 2, 1) end)
			local size = redis.call('HLEN', KEYS[1]) + #below
			if size > max then
			  if not ranked then
			    build_rank(KEYS[1], KEYS[2], is_other)
			  end
			  local remove = math.min(size - keep, redis.call('ZCARD', KEYS[2]) + #below) - #below
			  for _, i in ipairs(below) do to_other(ARGV[i], ARGV[i + 1]) end
			  if remove > 0 then
			    local victims = redis.call('ZRANGE', KEYS[2], 0, remove - 1, 'WITHSCORES')
			    for j = 1, #victims, 2 do
			      to_other(victims[j], victims[j + 1])
			      redis.call('HDEL', KEYS[1], victims[j])
			    end
			    redis.call('ZREMRANGEBYRANK', KEYS[2], 0, remove - 1)
			  end
			else
			  for _, i in ipairs(below) do add(i, true) end
			end
			redis.call('EXPIRE', KEYS[1], ARGV[2])
			if ranked or size > max then keep_rank(KEYS[2], ARGV[2]) end
			return size
			""";

	private static final double MAX_MICROS = 1e13;

	private final AggregateSettings settings;

	public SlowPathsAggregate(AggregateSettings settings) {
		this.settings = settings;
	}

	/** The bucket of a duration in microseconds. */
	public static int bucket(long micros) {
		return MAPPING.index(Math.min(Math.max(micros, 1), MAX_MICROS));
	}

	@Override
	public Set<LogField> needs() {
		return Set.of(LogField.TIME, LogField.PATH, LogField.DURATION);
	}

	@Override
	public boolean countsMembers() {
		return true;
	}

	@Override
	public Accumulator accumulator() {
		return new Accumulator() {

			private final MembersByDay days = new MembersByDay();

			@Override
			public void add(ParsedLine line) {
				long micros = line.durationMicros();
				int from = line.from(LogField.PATH);
				if (micros >= 0 && from >= 0) {
					this.days.add(line.epochMinute(), bucket(micros), line.bytes(), from, line.to(LogField.PATH), 0);
				}
			}

			@Override
			public long retainedBytes() {
				return this.days.retainedBytes();
			}

			@Override
			public ChunkWrites drain(ChunkCounts chunk) {
				byte[] fields = this.days.encode(true);
				return (fields != null) ? new PendingPart(KIND, fields) : null;
			}

		};
	}

	/** The kind of slowPaths' parts in pending deltas. */
	public static final String KIND = PANEL;

	/**
	 * A fold's fields {@code "BUCKET PATH"} per epoch day with their requests. A day they keep within
	 * the bound is written by {@link #ADD_AND_FOLD}; a day they take past it is read and cut in the
	 * JVM as a panel's is ({@link DayCut#SLOW_PATHS}: each field cut counted in its bucket's
	 * {@code (other)}), and its rank goes.
	 */
	static final class Writes implements ChunkWrites, HeldDays.Writer {

		private final DayFieldCounts counts;

		private final AggregateSettings settings;

		/** Days as earlier folds of this run left them; null to read each from Redis. */
		private final HeldDays heldDays;

		/** Days past their bound, to what the fold writes of them: found by {@link #read}, anew at each try. */
		private Map<Long, DayCut> cuts = Map.of();

		Writes(DayFieldCounts counts, AggregateSettings settings) {
			this(counts, settings, null);
		}

		Writes(DayFieldCounts counts, AggregateSettings settings, HeldDays heldDays) {
			this.counts = counts;
			this.settings = settings;
			this.heldDays = heldDays;
		}

		@Override
		public void applied() {
			DayCut.held(this.cuts, this.heldDays, KIND);
		}

		/** Alike if they write the same: what {@link #read} found is not part of it. */
		@Override
		public boolean equals(Object other) {
			return other instanceof Writes that && this.counts.equals(that.counts) && this.settings.equals(that.settings);
		}

		@Override
		public int hashCode() {
			return java.util.Objects.hash(this.counts, this.settings);
		}

		@Override
		public void read(WatchedReads reads) {
			this.cuts = DayCut.read(reads, this.counts, this.settings.panelMaxDistinct(), DayCut.SLOW_PATHS,
					name -> reads.keys().slowPaths(name), null, this.heldDays, KIND);
		}

		@Override
		public void queue(TransactionCommands commands) {
			byte[] max = PanelAggregate.ascii(this.settings.panelMaxDistinct());
			byte[] ttl = PanelAggregate.ascii(this.settings.dayRetention().toSeconds());
			this.counts.forEachDay((fields, day) -> {
				String name = LocalDay.name(day);
				DayCut cut = this.cuts.get(day);
				if (cut != null) {
					cut.queue(commands, commands.keys().slowPaths(name), null, commands.keys().slowPathsRank(name),
							this.settings.dayRetention());
					return;
				}
				List<byte[]> args = new ArrayList<>(2 + fields.size() * 2);
				args.add(max);
				args.add(ttl);
				MemberCounts.RawSink arg = (field, count, sum) -> {
					args.add(field);
					args.add(PanelAggregate.ascii(count));
				};
				fields.forEachRaw(arg);
				commands.evalBytes(ADD_AND_FOLD, List.of(commands.keys().slowPaths(name), commands.keys().slowPathsRank(name)), args);
			});
		}

	}

}

package io.logagg.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.logagg.checkpoint.ChunkWrites;
import io.logagg.checkpoint.TransactionCommands;
import io.logagg.checkpoint.WatchedReads;
import io.logagg.parse.LogField;
import io.logagg.parse.ParsedLine;

/**
 * One {@link Panel} per UTC day: hash {@code panel:NAME:DAY} (member to requests; a hash rather than a
 * sorted set, as its writes cost a quarter less and the report reads whole panels anyway) and,
 * when the panel keeps them, hash {@code panel-bytes:NAME:DAY} (member to response bytes), both living
 * {@code logagg.retention.days} after their last write. A day keeps at most {@code max-distinct}
 * members: past that, the least requested are folded into {@code (other)}, so that a scan of random
 * URLs cannot grow Redis without bound while the popular members keep their rows.
 */
public final class PanelAggregate implements Aggregate {

	/** The member that the requests of members folded past a day's bound are counted as. */
	public static final String OTHER = "(other)";

	/**
	 * What a fold writes of a day it keeps within the bound; a day past it is cut in the JVM
	 * ({@link Writes}), and the rank below is only what a build before that left.
	 * Adds a chunk's members to a day's panel, then, once the panel holds more than its bound, folds
	 * its least requested members into {@code (other)} until it holds nine tenths of it. Once a day
	 * passes its bound it is ranked: a sorted set of its members by requests (built once from the
	 * panel, then kept up to date with each chunk's members), so that each fold takes the members it
	 * folds, in order of requests and then of name, instead of sorting the whole day again at every
	 * chunk (a day of a million clients sorted 100,000 members in Lua per chunk: 30 of the 35 s of
	 * Redis's time per million such lines). The rank costs memory (about 10 MB for a day at the
	 * 100,000 bound), so it lives a day after its last write, not the panel's retention: a late line
	 * for a quiet day rebuilds it once. Nothing is paid below the bound.
	 * <p>
	 * Past the bound, a new member that ranks below the lowest of the nine tenths the rank keeps can
	 * only be folded: it goes straight to {@code (other)} (one {@code HEXISTS} instead of being added
	 * to the hash, the bytes and the rank, then taken out of all three: seven commands per client on
	 * a day of a million random clients), and a day's first fold below the bound sets its members
	 * with {@code HSET} in batches ({@code add_or_hold_back} in {@link DayRank} says how and when). The
	 * day ends exactly as it would have (PanelFoldTest compares it with sorting the whole day). This
	 * needs each member at most once per call, as a fold's sum sends them: a member sent twice may be
	 * folded where its total would have kept it, or set where it would have been added (the sums of
	 * a call that is not a day's first stay exact).
	 * <p>
	 * One script per panel and day rather than a command per member; it runs inside the fold's
	 * MULTI/EXEC like every other write, and keeps every sum exact. KEYS: the panel, its rank, and its
	 * bytes when it keeps them; ARGV: max distinct, seconds to live, then member, count (and bytes)
	 * for each member.
	 */
	static final String ADD_AND_FOLD = DayRank.FUNCTIONS + """
			local withBytes = KEYS[3] ~= nil
			local max = tonumber(ARGV[1])
			local keep = math.floor(max * 0.9)
			local function is_other(field) return field == '(other)' end
			local function add(i, ranked)
			  redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1])
			  if withBytes then redis.call('HINCRBY', KEYS[3], ARGV[i], ARGV[i + 2]) end
			  if ranked and not is_other(ARGV[i]) then redis.call('ZINCRBY', KEYS[2], ARGV[i + 1], ARGV[i]) end
			end
			local step = withBytes and 3 or 2
			local function first()
			  set_new(KEYS[1], step, 1)
			  if withBytes then set_new(KEYS[3], step, 2) end
			end
			local ranked, below = add_or_hold_back(KEYS[1], KEYS[2], step, max, function() return keep end, is_other, add, first)
			local below_requests, below_bytes = 0, 0
			for _, i in ipairs(below) do
			  below_requests = below_requests + tonumber(ARGV[i + 1])
			  if withBytes then below_bytes = below_bytes + tonumber(ARGV[i + 2]) end
			end
			local size = redis.call('HLEN', KEYS[1]) + #below
			if size > max then
			  if not ranked then
			    build_rank(KEYS[1], KEYS[2], is_other)
			  end
			  local n = redis.call('ZCARD', KEYS[2])
			  local folded, bytes = below_requests, below_bytes
			  if n > keep then
			    local victims = redis.call('ZRANGE', KEYS[2], 0, n - keep - 1, 'WITHSCORES')
			    for j = 1, #victims, 2 do
			      folded = folded + tonumber(victims[j + 1])
			      redis.call('HDEL', KEYS[1], victims[j])
			      if withBytes then
			        bytes = bytes + tonumber(redis.call('HGET', KEYS[3], victims[j]) or '0')
			        redis.call('HDEL', KEYS[3], victims[j])
			      end
			    end
			    redis.call('ZREMRANGEBYRANK', KEYS[2], 0, n - keep - 1)
			  end
			  if n > keep or #below > 0 then
			    redis.call('HINCRBY', KEYS[1], '(other)', folded)
			    if withBytes then redis.call('HINCRBY', KEYS[3], '(other)', bytes) end
			  end
			else
			  for _, i in ipairs(below) do add(i, true) end
			end
			redis.call('EXPIRE', KEYS[1], ARGV[2])
			if withBytes then redis.call('EXPIRE', KEYS[3], ARGV[2]) end
			if ranked or size > max then keep_rank(KEYS[2], ARGV[2]) end
			return size
			""";

	private final Panel panel;

	private final AggregateSettings settings;

	public PanelAggregate(Panel panel, AggregateSettings settings) {
		this.panel = panel;
		this.settings = settings;
	}

	@Override
	public Set<LogField> needs() {
		return this.panel.needs();
	}

	@Override
	public boolean countsMembers() {
		return true;
	}

	@Override
	public Accumulator accumulator() {
		return new Accumulator() {

			private final MembersByDay days = new MembersByDay();

			/** The member's range, written by {@link Panel#member}: one array for all lines. */
			private final int[] range = new int[2];

			@Override
			public void add(ParsedLine line) {
				byte[] member = PanelAggregate.this.panel.member(line, this.range);
				if (member == null) {
					return;
				}
				Panel panel = PanelAggregate.this.panel;
				this.days.add(line.epochMinute(), panel.tag(line), member, this.range[0], this.range[1], panel.value(line));
			}

			@Override
			public long retainedBytes() {
				return this.days.retainedBytes();
			}

			@Override
			public ChunkWrites drain(ChunkCounts chunk) {
				byte[] counts = this.days.encode(PanelAggregate.this.panel.tagged());
				return (counts != null) ? new PendingPart(kind(PanelAggregate.this.panel), counts) : null;
			}

		};
	}

	/** The kind of a panel's parts in pending deltas. */
	public static String kind(Panel panel) {
		return KIND_PREFIX + panel.id();
	}

	static final String KIND_PREFIX = "panel:";

	/**
	 * A fold's members of one panel per epoch day, with requests and (if the panel keeps them)
	 * bytes. A day they keep under its bound (what Redis holds and what the fold brings, at most
	 * {@code max-distinct} fields) is written by {@link #ADD_AND_FOLD}, or, if Redis does not hold
	 * it yet, set field by field without it ({@link DayCut#whole}: the script's arguments, parsed
	 * into Lua and back, cost a backlog of 90 days a third of Redis's time). A day they would take
	 * past it is cut here instead ({@link #read}): what the day holds is read, summed with the fold's members,
	 * cut to the nine tenths of the bound most requested as sorting the whole day does, and only
	 * what changed is written (the fields whose sums moved, the ones cut, and {@code (other)}). The
	 * script ranked such a day in a sorted set and took each new member through it, about 10 us of
	 * Redis a member (a million random clients: 7 of the job's 7.8 s went to folds); a read of the
	 * bounded day and a cut in the JVM cost a fraction of that, and no rank is kept. A day cut by an
	 * earlier fold of the run is taken from {@link HeldDays} instead of read, if Redis holds as many
	 * fields as that fold left it ({@code HLEN}): else it expired or another wrote it.
	 */
	static final class Writes implements ChunkWrites, HeldDays.Writer {

		private final Panel panel;

		private final DayFieldCounts counts;

		private final AggregateSettings settings;

		/** Days past their bound as earlier folds of this run left them; null to read each from Redis. */
		private final HeldDays heldDays;

		/** Days past their bound, to what the fold writes of them: found by {@link #read}, anew at each try. */
		private Map<Long, DayCut> cuts = Map.of();

		Writes(Panel panel, DayFieldCounts counts, AggregateSettings settings) {
			this(panel, counts, settings, null);
		}

		Writes(Panel panel, DayFieldCounts counts, AggregateSettings settings, HeldDays heldDays) {
			this.panel = panel;
			this.counts = counts;
			this.settings = settings;
			this.heldDays = heldDays;
		}

		DayFieldCounts counts() {
			return this.counts;
		}

		/** Alike if they write the same: what {@link #read} found is not part of it. */
		@Override
		public boolean equals(Object other) {
			return other instanceof Writes that && this.panel == that.panel && this.counts.equals(that.counts)
					&& this.settings.equals(that.settings);
		}

		@Override
		public int hashCode() {
			return java.util.Objects.hash(this.panel, this.counts, this.settings);
		}

		@Override
		public void read(WatchedReads reads) {
			String id = this.panel.id();
			this.cuts = DayCut.read(reads, this.counts, this.settings.panelMaxDistinct(), DayCut.PANEL,
					name -> reads.keys().panel(id, name), this.panel.keepsBytes() ? name -> reads.keys().panelBytes(id, name) : null,
					this.heldDays, id);
		}

		@Override
		public void applied() {
			DayCut.held(this.cuts, this.heldDays, this.panel.id());
		}

		@Override
		public void queue(TransactionCommands commands) {
			String id = this.panel.id();
			boolean withBytes = this.panel.keepsBytes();
			byte[] max = ascii(this.settings.panelMaxDistinct());
			byte[] ttl = ascii(this.settings.dayRetention().toSeconds());
			this.counts.forEachDay((fields, day) -> {
				String name = LocalDay.name(day);
				String counts = commands.keys().panel(id, name);
				String rank = commands.keys().panelRank(id, name);
				String bytes = withBytes ? commands.keys().panelBytes(id, name) : null;
				DayCut cut = this.cuts.get(day);
				if (cut != null) {
					cut.queue(commands, counts, bytes, rank, this.settings.dayRetention());
					return;
				}
				List<byte[]> args = new ArrayList<>(2 + fields.size() * 3);
				args.add(max);
				args.add(ttl);
				MemberCounts.RawSink arg = (member, count, sum) -> {
					args.add(member);
					args.add(ascii(count));
					if (withBytes) {
						args.add(ascii(sum));
					}
				};
				fields.forEachRaw(arg);
				commands.evalBytes(ADD_AND_FOLD, (bytes != null) ? List.of(counts, rank, bytes) : List.of(counts, rank), args);
			});
		}

	}

	static byte[] ascii(long number) {
		return Long.toString(number).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
	}

}

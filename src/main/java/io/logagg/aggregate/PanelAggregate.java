package io.logagg.aggregate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.logagg.checkpoint.ChunkWrites;
import io.logagg.checkpoint.TransactionCommands;
import io.logagg.parse.LogField;
import io.logagg.parse.ParsedLine;

/**
 * One {@link Panel} per UTC day: sorted set {@code panel:NAME:DAY} (member scored by requests) and
 * hash {@code panel-bytes:NAME:DAY} (member to response bytes), both living {@code logagg.retention.days}
 * after their last write. A day keeps at most {@code max-distinct} members; the requests of any further member
 * count as {@code (other)}, so that a scan of random URLs cannot grow Redis without bound.
 */
public final class PanelAggregate implements Aggregate {

	/** The member that the requests of members past a day's bound are counted as. */
	public static final String OTHER = "(other)";

	/**
	 * Adds a chunk's members to a day's panel, bounding its members. A script because the bound
	 * depends on what the panel already holds; it runs inside the chunk's MULTI/EXEC like every other
	 * write. KEYS: the panel, its bytes; ARGV: max distinct, seconds to live, then member, count, bytes triples.
	 */
	static final String ADD_BOUNDED = """
			local max = tonumber(ARGV[1])
			local size = redis.call('ZCARD', KEYS[1])
			for i = 3, #ARGV, 3 do
			  local member = ARGV[i]
			  if not redis.call('ZSCORE', KEYS[1], member) then
			    if size >= max then member = '(other)' end
			    if member == ARGV[i] or not redis.call('ZSCORE', KEYS[1], member) then size = size + 1 end
			  end
			  redis.call('ZINCRBY', KEYS[1], ARGV[i + 1], member)
			  redis.call('HINCRBY', KEYS[2], member, ARGV[i + 2])
			end
			redis.call('EXPIRE', KEYS[1], ARGV[2])
			redis.call('EXPIRE', KEYS[2], ARGV[2])
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
	public Accumulator accumulator() {
		return new Accumulator() {

			private final Map<Long, MemberCounts> days = new HashMap<>();

			/** The day of the last line, and its counts: lines come in time order, mostly. */
			private long lastDay = Long.MIN_VALUE;

			private MemberCounts lastCounts;

			/** The member's range, written by {@link Panel#member}: one array for all lines. */
			private final int[] range = new int[2];

			@Override
			public void add(ParsedLine line) {
				byte[] member = PanelAggregate.this.panel.member(line, this.range);
				if (member == null) {
					return;
				}
				long day = UtcDay.of(line.epochMinute());
				if (day != this.lastDay) {
					this.lastCounts = this.days.computeIfAbsent(day, d -> new MemberCounts());
					this.lastDay = day;
				}
				this.lastCounts.add(member, this.range[0], this.range[1], line.size());
			}

			@Override
			public long retainedChars() {
				long chars = 0;
				for (MemberCounts counts : this.days.values()) {
					chars += counts.keyBytes();
				}
				return chars;
			}

			@Override
			public ChunkWrites drain(ChunkCounts chunk) {
				Map<Long, List<String>> arguments = new TreeMap<>();
				this.days.forEach((day, counts) -> {
					if (counts.size() > 0) {
						// Sorted, so that which members a full panel counts as (other) does not hang on hashing.
						Map<String, long[]> sorted = new TreeMap<>();
						counts.drainTo((member, count, bytes) -> {
							long[] sum = sorted.computeIfAbsent(member, m -> new long[2]);
							sum[0] += count;
							sum[1] += bytes;
						});
						List<String> args = new ArrayList<>(2 + sorted.size() * 3);
						args.add(Integer.toString(PanelAggregate.this.settings.panelMaxDistinct()));
						args.add(Long.toString(PanelAggregate.this.settings.dayRetention().toSeconds()));
						sorted.forEach((member, sum) -> {
							args.add(member);
							args.add(Long.toString(sum[0]));
							args.add(Long.toString(sum[1]));
						});
						arguments.put(day, args);
					}
				});
				// Days rarely change within a chunk; the counts of days gone by are not kept.
				this.days.keySet().removeIf(day -> day != this.lastDay);
				return arguments.isEmpty() ? null : new Writes(PanelAggregate.this.panel.id(), arguments);
			}

		};
	}

	/** A chunk's members of one panel, per epoch day, as the script's arguments. */
	record Writes(String panel, Map<Long, List<String>> arguments) implements ChunkWrites {

		@Override
		public void queue(TransactionCommands commands) {
			this.arguments.forEach((day, args) -> {
				String name = UtcDay.name(day);
				commands.eval(ADD_BOUNDED, List.of(commands.keys().panel(this.panel, name), commands.keys().panelBytes(this.panel, name)),
						args);
			});
		}

	}

}

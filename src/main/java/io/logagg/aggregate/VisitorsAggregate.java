package io.logagg.aggregate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongConsumer;

import io.logagg.checkpoint.ChunkWrites;
import io.logagg.checkpoint.TransactionCommands;
import io.logagg.parse.LogField;
import io.logagg.parse.ParsedLine;

/**
 * Unique visitors, as GoAccess counts them: a visitor is a client address, a UTC day and a user
 * agent, counted over requests not answered 4xx unless {@code logagg.visitors.count-4xx}. One
 * HyperLogLog per day ({@code visitors:DAY}, 12 KB, 0.81 % standard error), fed a 64-bit hash of
 * client and agent: adding a visitor twice changes nothing, and a range's visitors are the union of
 * its days.
 */
public final class VisitorsAggregate implements Aggregate {

	private final AggregateSettings settings;

	public VisitorsAggregate(AggregateSettings settings) {
		this.settings = settings;
	}

	@Override
	public Set<LogField> needs() {
		return Set.of(LogField.TIME, LogField.CLIENT, LogField.STATUS);
	}

	@Override
	public Accumulator accumulator() {
		return new Accumulator() {

			private final TimeBuckets<LongSet> days = new TimeBuckets<>(day -> new LongSet());

			/** Bytes the day sets hold, summed as they grow. */
			private long retained;

			/**
			 * The visitor hashes of recent lines, by a quicker hash of the same day, client and agent:
			 * FNV-1a takes a multiply per byte of a hundred-byte agent, and a visitor's requests (a
			 * page, then its images and scripts) come in a row. Direct-mapped, kept across chunks.
			 */
			private final long[] recentKeys = new long[RECENT];

			private final long[] recentHashes = new long[RECENT];

			/**
			 * Visitors an earlier chunk of this run has written, direct-mapped by their hash: a chunk
			 * leaves them out of its PFADD. Adding an element twice changes no HyperLogLog, and each
			 * was written by a chunk that commits before this one (chunks commit in order; a run
			 * ends at the first that does not, and the next run starts with none left out): on
			 * lines whose visitors come back all day, Redis spent half its time in PFADDs that
			 * changed nothing (the corpus x100: 105 of 190 ms of EXEC). One overwritten is only
			 * written again.
			 */
			private final long[] written = new long[WRITTEN];

			private final DayOfMinute dayOf = new DayOfMinute();

			@Override
			public void add(ParsedLine line) {
				int status = line.status();
				if (!line.has(LogField.CLIENT) || (status >= 400 && status < 500 && !VisitorsAggregate.this.settings.visitorsCount4xx())) {
					return;
				}
				long day = this.dayOf.of(line.epochMinute());
				byte[] b = line.bytes();
				boolean agent = line.has(LogField.USER_AGENT);
				// Two visitors alike in these 64 bits would count as one, as two alike in FNV-1a's do.
				long key = MemberCounts.hash64(day, b, line.from(LogField.CLIENT), line.to(LogField.CLIENT));
				if (agent) {
					key = MemberCounts.hash64(key, b, line.from(LogField.USER_AGENT), line.to(LogField.USER_AGENT));
				}
				key |= 1;
				int slot = (int) (key ^ (key >>> 29)) & (RECENT - 1);
				long visitor;
				if (this.recentKeys[slot] == key) {
					visitor = this.recentHashes[slot];
				}
				else {
					// The day is part of the visitor: a range's union then counts a client of two days twice, as GoAccess does.
					long hash = hash((FNV_OFFSET ^ day) * FNV_PRIME, b, line.from(LogField.CLIENT), line.to(LogField.CLIENT));
					hash = (hash ^ 0xFF) * FNV_PRIME;
					if (agent) {
						hash = hash(hash, b, line.from(LogField.USER_AGENT), line.to(LogField.USER_AGENT));
					}
					visitor = mix(hash);
					this.recentKeys[slot] = key;
					this.recentHashes[slot] = visitor;
				}
				if (this.days.at(day).add(visitor)) {
					this.retained += VISITOR_BYTES;
				}
			}

			@Override
			public long retainedBytes() {
				return this.retained;
			}

			@Override
			public ChunkWrites drain(ChunkCounts chunk) {
				Map<Long, List<byte[]>> visitors = new TreeMap<>();
				this.days.values().forEach((day, set) -> {
					if (set.size() > 0) {
						List<byte[]> elements = new ArrayList<>(set.size());
						set.drainTo(hash -> {
							int slot = (int) hash & (WRITTEN - 1);
							if (hash == 0 || this.written[slot] != hash) {
								this.written[slot] = hash;
								elements.add(hex(hash));
							}
						});
						if (!elements.isEmpty()) {
							visitors.put(day, elements);
						}
					}
				});
				this.days.keepLast();
				this.retained = 0;
				return visitors.isEmpty() ? null : new Writes(visitors, VisitorsAggregate.this.settings);
			}

		};
	}

	/** What a distinct visitor costs a chunk, estimated: its PFADD element, a String of 16 hex digits. */
	static final int VISITOR_BYTES = 64;

	private static final long FNV_OFFSET = 0xcbf29ce484222325L;

	private static final long FNV_PRIME = 0x100000001b3L;

	/**
	 * Recent visitors a reading thread remembers the hash of (two arrays of longs, 16 KB): as many as
	 * 4,096 read the corpus no faster (JMH), and left `schedule` 2 MB more resident.
	 */
	static final int RECENT = 1024;

	/**
	 * Visitors a run remembers having written (a long each, 128 KB): a busy day's distinct visitors
	 * of the corpus x100, kept apart from their neighbours.
	 */
	static final int WRITTEN = 16 * 1024;

	/** FNV-1a over {@code b[from, to)}, continuing {@code hash}. */
	private static long hash(long hash, byte[] b, int from, int to) {
		for (int i = from; i < to; i++) {
			hash = (hash ^ (b[i] & 0xFF)) * FNV_PRIME;
		}
		return hash;
	}

	/** Spreads FNV's weak low bits (Stafford's mix 13): the set's slots and the HLL both want all bits. */
	private static long mix(long z) {
		z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
		z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
		return z ^ (z >>> 31);
	}

	private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	/**
	 * The PFADD element of a hash: its hexadecimal digits without leading zeros, as
	 * {@link Long#toHexString} writes them (the element every build has added, so it must not
	 * change), straight to bytes: a String each, then its bytes, were a quarter of a run's garbage.
	 */
	static byte[] hex(long hash) {
		int digits = Math.max(1, (Long.SIZE - Long.numberOfLeadingZeros(hash) + 3) / 4);
		byte[] hex = new byte[digits];
		long rest = hash;
		for (int i = digits - 1; i >= 0; i--) {
			hex[i] = HEX_DIGITS[(int) (rest & 0xF)];
			rest >>>= 4;
		}
		return hex;
	}

	/** A chunk's visitors per epoch day, as PFADD elements. */
	record Writes(Map<Long, List<byte[]>> visitors, AggregateSettings settings) implements ChunkWrites {

		@Override
		public void queue(TransactionCommands commands) {
			this.visitors.forEach((day, elements) -> {
				String key = commands.keys().visitors(LocalDay.name(day));
				commands.pfadd(key, elements);
				commands.expire(key, this.settings.dayRetention());
			});
		}

	}

	/** A set of 64-bit hashes, open addressing; 0 stands for itself through a flag. */
	static final class LongSet {

		private long[] slots = new long[256];

		private boolean hasZero;

		private int size;

		/** Adds {@code value}; true if the set did not hold it. */
		boolean add(long value) {
			if (value == 0) {
				if (this.hasZero) {
					return false;
				}
				this.hasZero = true;
				this.size++;
				return true;
			}
			int mask = this.slots.length - 1;
			int slot = (int) value & mask;
			while (this.slots[slot] != 0) {
				if (this.slots[slot] == value) {
					return false;
				}
				slot = (slot + 1) & mask;
			}
			this.slots[slot] = value;
			if (++this.size * 2 > this.slots.length) {
				grow();
			}
			return true;
		}

		int size() {
			return this.size;
		}

		void drainTo(LongConsumer sink) {
			if (this.hasZero) {
				sink.accept(0);
			}
			for (long value : this.slots) {
				if (value != 0) {
					sink.accept(value);
				}
			}
			// The next chunk has about as many visitors: growing the set again was a tenth of a run's garbage.
			if (this.slots.length > 1 << 16) {
				this.slots = new long[256];
			}
			else {
				Arrays.fill(this.slots, 0);
			}
			this.hasZero = false;
			this.size = 0;
		}

		private void grow() {
			long[] old = this.slots;
			this.slots = new long[old.length * 2];
			int mask = this.slots.length - 1;
			for (long value : old) {
				if (value != 0) {
					int slot = (int) value & mask;
					while (this.slots[slot] != 0) {
						slot = (slot + 1) & mask;
					}
					this.slots[slot] = value;
				}
			}
		}

	}

}

package io.logagg.aggregate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.logagg.checkpoint.TransactionCommands;
import io.logagg.checkpoint.WatchedReads;
import io.logagg.parse.Numbers;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Protocol.Command;

/**
 * What a fold writes of a day that it takes past {@code max-distinct} (a panel's, slowPaths'), or
 * of a day that Redis does not hold yet ({@link #whole}): the
 * day as Redis holds it and the fold's members, summed, then cut to the nine tenths of the bound
 * most requested (ties by their bytes, as a sorted set ranks equal scores), the rest added to
 * their {@code (other)} field ({@link Folding}), exactly as sorting the whole day does. Only what
 * changed is written: the fields whose requests or bytes moved, the {@code (other)} ones, and the
 * fields cut.
 *
 * @param setCounts field, requests, ... to set in the day's hash
 * @param setBytes field, bytes, ... to set in its bytes' hash
 * @param removed the fields cut from both
 * @param after the day as Redis holds it once this is written, the fields cut marked gone
 * ({@link MemberCounts#markGone}): what the next fold starts from ({@link HeldDays}); null where
 * it would not be held
 * @param added what {@code after} still needs added once the fold got through (the day held, to
 * which it was added in place): null if nothing
 */
record DayCut(List<byte[]> setCounts, List<byte[]> setBytes, List<byte[]> removed, MemberCounts after, MemberCounts added) {

	DayCut(List<byte[]> setCounts, List<byte[]> setBytes, List<byte[]> removed, MemberCounts after) {
		this(setCounts, setBytes, removed, after, null);
	}

	/** A panel's {@code (other)}, as bytes. */
	static final byte[] OTHER = PanelAggregate.OTHER.getBytes(StandardCharsets.US_ASCII);

	/** The fields but the (other) ones that a day past the bound {@code max} keeps: as the scripts' {@code math.floor(max * 0.9)}. */
	static int keep(int max) {
		return (int) Math.floor(max * 0.9);
	}

	private static final byte[] SPACE_OTHER = (" " + PanelAggregate.OTHER).getBytes(StandardCharsets.US_ASCII);

	/** Which of a day's fields are its (other) ones, how many a cut removes, and where each goes. */
	interface Folding {

		/** Whether the field {@code page[from, to)} is one of the day's (other) ones, never cut. */
		boolean isOther(byte[] page, int from, int to);

		/**
		 * How many of a day's {@code members} (its fields but the (other) ones) a cut removes from
		 * a day of {@code size} fields past the bound, {@code keep} being nine tenths of it.
		 */
		int removed(int size, int members, int keep);

		/** The (other) field that the field {@code page[from, to)} is counted in once cut. */
		byte[] otherOf(byte[] page, int from, int to);

		/** At most how many (other) fields a cut adds to a day. */
		int otherFields();

	}

	/** A panel's: one {@code (other)}, besides which the day keeps nine tenths of the bound. */
	static final Folding PANEL = new Folding() {

		@Override
		public boolean isOther(byte[] page, int from, int to) {
			return Arrays.equals(page, from, to, OTHER, 0, OTHER.length);
		}

		@Override
		public int removed(int size, int members, int keep) {
			return members - keep;
		}

		@Override
		public byte[] otherOf(byte[] page, int from, int to) {
			return OTHER;
		}

		@Override
		public int otherFields() {
			return 1;
		}

	};

	/**
	 * slowPaths': {@code BUCKET (other)} per duration bucket of its {@code BUCKET PATH} fields, the
	 * day keeping nine tenths of the bound, its (other) fields among them.
	 */
	static final Folding SLOW_PATHS = new Folding() {

		@Override
		public boolean isOther(byte[] page, int from, int to) {
			// Anywhere in the field, as the script's string.find looks for it.
			for (int at = from; at + SPACE_OTHER.length <= to; at++) {
				if (Arrays.equals(page, at, at + SPACE_OTHER.length, SPACE_OTHER, 0, SPACE_OTHER.length)) {
					return true;
				}
			}
			return false;
		}

		@Override
		public int removed(int size, int members, int keep) {
			return Math.min(size - keep, members);
		}

		@Override
		public byte[] otherOf(byte[] page, int from, int to) {
			int space = from;
			while (space < to && page[space] != ' ') {
				space++;
			}
			byte[] other = Arrays.copyOf(Arrays.copyOfRange(page, from, space), space - from + SPACE_OTHER.length);
			System.arraycopy(SPACE_OTHER, 0, other, space - from, SPACE_OTHER.length);
			return other;
		}

		@Override
		public int otherFields() {
			// A bucket per 5 % from a microsecond to 10^13: about 300.
			return 1024;
		}

	};

	/** Fields per command: a day's cut can change a hundred thousand. */
	private static final int BATCH = 1000;

	/**
	 * @param heldCounts the day's hash as HGETALL read it (field, requests, ...)
	 * @param heldBytes its bytes' hash likewise, empty if the panel keeps none
	 * @param sent the fold's members of the day, left as they are
	 * @param max the bound, {@code max-distinct}
	 */
	static DayCut of(List<?> heldCounts, List<?> heldBytes, MemberCounts sent, int max, Folding folding) {
		// The two hashes get the same fields in the same order, so they mostly list them alike: a
		// field of the bytes' hash is looked up only where the lists differ.
		boolean[] alike = new boolean[heldBytes.size() / 2];
		int apart = 0;
		for (int i = 0; i < heldBytes.size(); i += 2) {
			alike[i / 2] = i < heldCounts.size() && Arrays.equals((byte[]) heldBytes.get(i), (byte[]) heldCounts.get(i));
			apart += alike[i / 2] ? 0 : 1;
		}
		MemberCounts all = new MemberCounts(heldCounts.size() / 2 + apart + sent.size() + folding.otherFields());
		long[] wasCount = new long[all.capacity()];
		long[] wasBytes = new long[all.capacity()];
		Arrays.fill(wasCount, -1);
		int[] slotOf = new int[heldCounts.size() / 2];
		for (int i = 0; i < heldCounts.size(); i += 2) {
			byte[] field = (byte[]) heldCounts.get(i);
			long count = number(heldCounts.get(i + 1));
			int slot = all.merge(field, 0, field.length, count, 0);
			wasCount[slot] = count;
			slotOf[i / 2] = slot;
		}
		for (int i = 0; i < heldBytes.size(); i += 2) {
			byte[] field = (byte[]) heldBytes.get(i);
			long bytes = number(heldBytes.get(i + 1));
			int slot = alike[i / 2] ? slotOf[i / 2] : all.merge(field, 0, field.length, 0, 0);
			all.addAt(slot, 0, bytes);
			wasBytes[slot] = bytes;
			wasCount[slot] = Math.max(wasCount[slot], 0);
		}
		return cut(all, wasCount, wasBytes, sent, max, folding);
	}

	/**
	 * @param held the day as Redis holds it (members marked gone are not part of it)
	 * @param sent the fold's members of the day
	 * @param max the bound, {@code max-distinct}
	 */
	static DayCut of(MemberCounts held, MemberCounts sent, int max, Folding folding) {
		MemberCounts all = new MemberCounts(held.size() + sent.size() + folding.otherFields());
		long[] wasCount = new long[all.capacity()];
		long[] wasBytes = new long[all.capacity()];
		Arrays.fill(wasCount, -1);
		for (int slot = 0; slot < held.capacity(); slot++) {
			if (held.usedAt(slot) && held.countAt(slot) >= 0) {
				int to = all.insertFrom(held, slot);
				wasCount[to] = held.countAt(slot);
				wasBytes[to] = held.bytesAt(slot);
			}
		}
		return cut(all, wasCount, wasBytes, sent, max, folding);
	}

	/**
	 * A day that Redis does not hold, whose fold's members stay within the bound: each field set
	 * as the fold sums it, as the script's first write of a day does, and nothing cut.
	 * @param withBytes whether the panel keeps bytes: then every field's are set too
	 */
	static DayCut whole(MemberCounts sent, boolean withBytes) {
		// The day is then as the fold sent it: the fold's table, which nothing changes once the fold is sent.
		List<byte[]> setCounts = new ArrayList<>(sent.size() * 2);
		List<byte[]> setBytes = withBytes ? new ArrayList<>(sent.size() * 2) : List.of();
		sent.forEachRaw((member, count, bytes) -> {
			setCounts.add(member);
			setCounts.add(PanelAggregate.ascii(count));
			if (withBytes) {
				setBytes.add(member);
				setBytes.add(PanelAggregate.ascii(bytes));
			}
		});
		return new DayCut(setCounts, setBytes, List.of(), sent);
	}

	/**
	 * A day held as Redis holds it, which the fold's members keep within the bound: each of them set
	 * to its sum with what the day holds, and nothing else. The held day takes them in place once the
	 * fold got through ({@link #held}), not in a new table: copying a busy day's hundred thousand
	 * members at every fold cost more of the JVM's time than the script's increments cost Redis.
	 */
	static DayCut added(MemberCounts held, MemberCounts sent, boolean withBytes) {
		List<byte[]> setCounts = new ArrayList<>(sent.size() * 2);
		List<byte[]> setBytes = withBytes ? new ArrayList<>(sent.size() * 2) : List.of();
		sent.forEachRaw((member, count, bytes) -> {
			int slot = held.find(member, 0, member.length);
			setCounts.add(member);
			setCounts.add(PanelAggregate.ascii(count + ((slot >= 0) ? held.countAt(slot) : 0)));
			if (withBytes) {
				setBytes.add(member);
				setBytes.add(PanelAggregate.ascii(bytes + ((slot >= 0) ? held.bytesAt(slot) : 0)));
			}
		});
		return new DayCut(setCounts, setBytes, List.of(), held, sent);
	}

	/**
	 * Adds the fold's members to the day as held, cuts it, and lists what changed.
	 * @param all the day as Redis holds it, in a table made for it and the fold's members
	 * @param wasCount what each slot of {@code all} held of requests: -1 if Redis did not hold it
	 * @param wasBytes and of bytes
	 */
	private static DayCut cut(MemberCounts all, long[] wasCount, long[] wasBytes, MemberCounts sent, int max, Folding folding) {
		all.mergeAll(sent);
		int[] members = all.slots(folding::isOther);
		// The members a cut folds into their (other): none while the day stays within its bound.
		int cut = (all.size() > max) ? Math.max(0, Math.min(members.length, folding.removed(all.size(), members.length,
				keep(max)))) : 0;
		all.lowestFirst(members, cut);
		List<byte[]> setCounts = new ArrayList<>();
		List<byte[]> setBytes = new ArrayList<>();
		List<byte[]> removed = new ArrayList<>();
		MemberCounts others = new MemberCounts();
		for (int i = 0; i < cut; i++) {
			int slot = members[i];
			byte[] member = all.memberAt(slot);
			byte[] other = folding.otherOf(member, 0, member.length);
			others.add(0, other, 0, other.length, all.countAt(slot), all.bytesAt(slot));
			if (wasCount[slot] >= 0) {
				removed.add(member);
			}
			all.markGone(slot);
		}
		for (int i = cut; i < members.length; i++) {
			changed(all, members[i], wasCount, wasBytes, setCounts, setBytes);
		}
		others.forEachRaw((other, count, bytes) -> all.addAt(all.merge(other, 0, other.length, 0, 0), count, bytes));
		for (int slot : all.slots((page, from, to) -> !folding.isOther(page, from, to))) {
			changed(all, slot, wasCount, wasBytes, setCounts, setBytes);
		}
		return new DayCut(setCounts, setBytes, removed, all);
	}

	/**
	 * The cuts of a fold's days that its members take past the bound: asks Redis each day's size
	 * ({@code HLEN}, one round trip), then reads those days ({@code HGETALL}, one more) but the ones
	 * {@code held} still holds as Redis does (as many fields), and cuts them. A day Redis does not
	 * hold yet and the fold keeps within the bound is set {@link #whole}; one it holds and the fold
	 * keeps within the bound has no cut: the script adds to it.
	 * @param reads the fold's watched connection
	 * @param counts the fold's fields per day
	 * @param countsKey a day's hash, by the day's name
	 * @param bytesKey its bytes' hash; null if there is none
	 * @param held the days earlier folds of this run cut, under {@code heldAs}; null for none
	 */
	static java.util.Map<Long, DayCut> read(WatchedReads reads, DayFieldCounts counts, int max, Folding folding,
			java.util.function.UnaryOperator<String> countsKey, java.util.function.UnaryOperator<String> bytesKey, HeldDays held,
			String heldAs) {
		List<Long> days = new ArrayList<>();
		List<MemberCounts> sent = new ArrayList<>();
		List<CommandArguments> lengths = new ArrayList<>();
		counts.forEachDay((fields, day) -> {
			days.add(day);
			sent.add(fields);
			lengths.add(new CommandArguments(Command.HLEN).key(countsKey.apply(LocalDay.name(day))));
		});
		List<Object> length = reads.send(lengths);
		java.util.Map<Long, DayCut> cuts = new java.util.HashMap<>();
		List<Integer> past = new ArrayList<>();
		List<CommandArguments> contents = new ArrayList<>();
		for (int i = 0; i < days.size(); i++) {
			long day = days.get(i);
			long size = (Long) length.get(i);
			boolean within = size + sent.get(i).size() <= max;
			// Within the bound, only the fold's latest day is held: a log in time order brings the
			// next fold's members to it; a backlog of 90 days held every day its folds set, for
			// nothing but twice the full collections.
			HeldDays holding = (i == days.size() - 1 || !within) ? held : null;
			MemberCounts known = (held != null) ? held.get(heldAs, day) : null;
			if (known != null && known.size() == size && holding != null
					&& (!within || holding.mayHold(heldAs, day, known.retainedBytes() + sent.get(i).retainedBytes()))) {
				DayCut cut = (within && !known.anyGone()) ? added(known, sent.get(i), bytesKey != null)
						: of(known, sent.get(i), max, folding);
				cuts.put(day, kept(cut, day, holding, heldAs));
				continue;
			}
			if (known != null) {
				// Not as the last fold left it (expired, or written by another), or within the bound
				// but no longer worth holding: read it, or let the script add to it.
				held.forget(heldAs, day);
			}
			if (size == 0 && within) {
				// A day Redis does not hold yet, kept within the bound: every field is set as it is,
				// without the script, which would parse each argument into Lua and back.
				cuts.put(day, kept(whole(sent.get(i), bytesKey != null), day, holding, heldAs));
				continue;
			}
			if (!within || worthReading(size, sent.get(i), holding, heldAs, day)) {
				past.add(i);
				String name = LocalDay.name(day);
				contents.add(new CommandArguments(Command.HGETALL).key(countsKey.apply(name)));
				if (bytesKey != null) {
					contents.add(new CommandArguments(Command.HGETALL).key(bytesKey.apply(name)));
				}
			}
		}
		List<Object> read = reads.send(contents);
		int step = (bytesKey != null) ? 2 : 1;
		for (int p = 0; p < past.size(); p++) {
			List<?> bytes = (bytesKey != null) ? (List<?>) read.get(p * step + 1) : List.of();
			long day = days.get(past.get(p));
			cuts.put(day, kept(of((List<?>) read.get(p * step), bytes, sent.get(past.get(p)), max, folding), day, held, heldAs));
			// Each day's replies go once it is cut: four days of a hundred thousand fields, and their
			// bytes' fields, are tens of megabytes.
			read.set(p * step, null);
			if (bytesKey != null) {
				read.set(p * step + 1, null);
			}
		}
		return cuts;
	}

	/**
	 * A fold got through: its days are now as its cuts left them, held where {@code held} may; a day
	 * held before and not now is forgotten, as Redis no longer holds what it held (a bounded day
	 * keeps its size from cut to cut, so its length would not tell).
	 */
	static void held(Map<Long, DayCut> cuts, HeldDays held, String as) {
		if (held != null) {
			cuts.forEach((day, cut) -> {
				if (cut.after() != null) {
					if (cut.added() != null) {
						// Forgotten first, so that the memory it is held for grows with it.
						held.forget(as, day);
						cut.after().addAll(cut.added());
					}
					held.put(as, day, cut.after());
				}
				else {
					held.forget(as, day);
				}
			});
		}
	}

	/**
	 * Whether a day Redis holds, that the fold keeps within its bound, is better read and set than
	 * added to by the script: where later folds of the run can then take it from {@code held} (a
	 * busy day's backlog: each fold added a hundred thousand members to the same days, two thirds of
	 * Redis's time in the script's increments), and the fold brings at least a quarter as many
	 * members as the day holds (a cron tick's few members to a held day go through the script).
	 */
	private static boolean worthReading(long size, MemberCounts sent, HeldDays held, String heldAs, long day) {
		// Its members taken as long as the fold's, on average: 60 KB paths must not be read whole.
		return held != null && sent.size() * 4L >= size
				&& held.mayHold(heldAs, day, (size + sent.size()) * (sent.retainedBytes() / Math.max(1, sent.size())));
	}

	/**
	 * The cut, without the day it leaves unless {@code held} may hold it: until the fold is sent,
	 * the cuts of all its days are kept, and a day it cannot hold is only memory (four days of a
	 * hundred thousand clients: 44 MB, more than a 128 MB heap has to spare).
	 */
	private static DayCut kept(DayCut cut, long day, HeldDays held, String as) {
		return (held != null && held.mayHold(as, day, cut.after().retainedBytes())) ? cut
				: new DayCut(cut.setCounts(), cut.setBytes(), cut.removed(), null, null);
	}

	private static void changed(MemberCounts all, int slot, long[] wasCount, long[] wasBytes, List<byte[]> setCounts,
			List<byte[]> setBytes) {
		long count = all.countAt(slot);
		long bytes = all.bytesAt(slot);
		boolean held = wasCount[slot] >= 0;
		boolean countMoved = !held || wasCount[slot] != count;
		boolean bytesMoved = !held || wasBytes[slot] != bytes;
		if (countMoved || bytesMoved) {
			byte[] member = all.memberAt(slot);
			if (countMoved) {
				setCounts.add(member);
				setCounts.add(PanelAggregate.ascii(count));
			}
			if (bytesMoved) {
				setBytes.add(member);
				setBytes.add(PanelAggregate.ascii(bytes));
			}
		}
	}

	/** A hash value HINCRBY wrote: read in place, or parsed if it is not plain digits (a minus, 19 digits). */
	private static long number(Object reply) {
		byte[] digits = (byte[]) reply;
		long value = Numbers.digits(digits, 0, digits.length);
		return (value >= 0) ? value : Long.parseLong(new String(digits, StandardCharsets.US_ASCII));
	}

	/**
	 * Queues the day's changes to its hash and, unless null, its bytes' hash, and their time to
	 * live; the day's rank, which the script kept and which no longer matches the day, goes.
	 */
	void queue(TransactionCommands commands, String counts, String bytes, String rank, Duration ttl) {
		for (int from = 0; from < this.removed.size(); from += BATCH) {
			List<byte[]> batch = this.removed.subList(from, Math.min(this.removed.size(), from + BATCH));
			commands.add(fields(Command.HDEL, counts, batch));
			if (bytes != null) {
				commands.add(fields(Command.HDEL, bytes, batch));
			}
		}
		set(commands, counts, this.setCounts);
		if (bytes != null) {
			set(commands, bytes, this.setBytes);
		}
		commands.add(new CommandArguments(Command.DEL).key(rank));
		commands.expire(counts, ttl);
		if (bytes != null) {
			commands.expire(bytes, ttl);
		}
	}

	private static void set(TransactionCommands commands, String key, List<byte[]> fieldsAndValues) {
		for (int from = 0; from < fieldsAndValues.size(); from += 2 * BATCH) {
			commands.add(fields(Command.HSET, key, fieldsAndValues.subList(from, Math.min(fieldsAndValues.size(), from + 2 * BATCH))));
		}
	}

	private static CommandArguments fields(Command command, String key, List<byte[]> arguments) {
		CommandArguments fields = new CommandArguments(command).key(key);
		arguments.forEach(fields::add);
		return fields;
	}

}

package io.logagg.aggregate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.logagg.checkpoint.TransactionCommands;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Protocol.Command;

/**
 * What a fold writes of a panel's day that it takes past {@code max-distinct}: the day as Redis
 * holds it and the fold's members, summed, then cut to the nine tenths of the bound most requested
 * (ties by their bytes, as a sorted set ranks equal scores), the rest added to {@code (other)},
 * exactly as sorting the whole day does. Only what changed is written: the fields whose requests
 * or bytes moved, {@code (other)}, and the fields cut.
 *
 * @param setCounts field, requests, ... to set in the day's hash
 * @param setBytes field, bytes, ... to set in its bytes' hash
 * @param removed the fields cut from both
 * @param after the day as Redis holds it once this is written, the fields cut marked gone
 * ({@link MemberCounts#markGone}): what the next fold starts from ({@link HeldDays})
 */
record DayCut(List<byte[]> setCounts, List<byte[]> setBytes, List<byte[]> removed, MemberCounts after) {

	private static final byte[] OTHER = PanelAggregate.OTHER.getBytes(StandardCharsets.US_ASCII);

	/** Fields per command: a day's cut can change a hundred thousand. */
	private static final int BATCH = 1000;

	/**
	 * @param heldCounts the day's hash as HGETALL read it (field, requests, ...)
	 * @param heldBytes its bytes' hash likewise, empty if the panel keeps none
	 * @param sent the fold's members of the day, left as they are
	 * @param max the bound, {@code max-distinct}
	 */
	static DayCut of(List<?> heldCounts, List<?> heldBytes, MemberCounts sent, int max) {
		// The two hashes get the same fields in the same order, so they mostly list them alike: a
		// field of the bytes' hash is looked up only where the lists differ.
		boolean[] alike = new boolean[heldBytes.size() / 2];
		int apart = 0;
		for (int i = 0; i < heldBytes.size(); i += 2) {
			alike[i / 2] = i < heldCounts.size() && Arrays.equals((byte[]) heldBytes.get(i), (byte[]) heldCounts.get(i));
			apart += alike[i / 2] ? 0 : 1;
		}
		MemberCounts all = new MemberCounts(heldCounts.size() / 2 + apart + sent.size() + 1);
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
		return cut(all, wasCount, wasBytes, sent, max);
	}

	/**
	 * @param held the day as Redis holds it (members marked gone are not part of it)
	 * @param sent the fold's members of the day
	 * @param max the bound, {@code max-distinct}
	 */
	static DayCut of(MemberCounts held, MemberCounts sent, int max) {
		MemberCounts all = new MemberCounts(held.size() + sent.size() + 1);
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
		return cut(all, wasCount, wasBytes, sent, max);
	}

	/**
	 * Adds the fold's members to the day as held, cuts it, and lists what changed.
	 * @param all the day as Redis holds it, in a table made for it and the fold's members
	 * @param wasCount what each slot of {@code all} held of requests: -1 if Redis did not hold it
	 * @param wasBytes and of bytes
	 */
	private static DayCut cut(MemberCounts all, long[] wasCount, long[] wasBytes, MemberCounts sent, int max) {
		all.mergeAll(sent);
		int keep = (int) Math.floor(max * 0.9);
		int[] members = all.slotsLowestFirst(OTHER, keep);
		// The members a cut folds into (other): none while the day stays within its bound.
		int cut = (all.size() > max) ? Math.max(0, members.length - keep) : 0;
		List<byte[]> setCounts = new ArrayList<>();
		List<byte[]> setBytes = new ArrayList<>();
		List<byte[]> removed = new ArrayList<>();
		long otherCount = 0;
		long otherBytes = 0;
		for (int i = 0; i < cut; i++) {
			int slot = members[i];
			otherCount += all.countAt(slot);
			otherBytes += all.bytesAt(slot);
			if (wasCount[slot] >= 0) {
				removed.add(all.memberAt(slot));
			}
			all.markGone(slot);
		}
		for (int i = cut; i < members.length; i++) {
			changed(all, members[i], wasCount, wasBytes, setCounts, setBytes);
		}
		int other = all.find(OTHER, 0, OTHER.length);
		if (other < 0 && cut > 0) {
			other = all.merge(OTHER, 0, OTHER.length, 0, 0);
		}
		if (other >= 0) {
			all.addAt(other, otherCount, otherBytes);
			changed(all, other, wasCount, wasBytes, setCounts, setBytes);
		}
		return new DayCut(setCounts, setBytes, removed, all);
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

	/** A hash value HINCRBY wrote: decimal digits, perhaps a minus. */
	private static long number(Object reply) {
		byte[] digits = (byte[]) reply;
		boolean negative = digits.length > 0 && digits[0] == '-';
		if (digits.length == (negative ? 1 : 0) || digits.length > 19) {
			return Long.parseLong(new String(digits, StandardCharsets.US_ASCII));
		}
		long value = 0;
		for (int i = negative ? 1 : 0; i < digits.length; i++) {
			int digit = digits[i] - '0';
			if (digit < 0 || digit > 9) {
				return Long.parseLong(new String(digits, StandardCharsets.US_ASCII));
			}
			value = value * 10 + digit;
		}
		return negative ? -value : value;
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

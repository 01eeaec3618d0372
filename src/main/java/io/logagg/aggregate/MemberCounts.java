package io.logagg.aggregate;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import io.logagg.parse.ByteSearch;

/**
 * Counts and response bytes per member (a path, a client, a user agent...), keyed by the member's
 * bytes as they sit in the read buffer: a line whose member the chunk has seen costs a hash and a
 * compare, no String. A new member's bytes are copied once, into pages that a chunk's table keeps
 * from chunk to chunk: an array per member was 40 % of a run's allocation (0.9 GB per million
 * real-shaped lines, and the young collections to match). An open-addressing table, not a
 * {@code HashMap}, because the key is a range of a bigger array. Not thread-safe.
 */
final class MemberCounts {

	private static final int INITIAL_CAPACITY = 256;

	/**
	 * Bytes of a page of members, at most: small enough for any collector to place it as it does
	 * small objects (G1 gives an object of half a region or more whole regions of its own), large
	 * enough that a chunk of real lines fills only a few. A member longer than a quarter of it has
	 * a page of its own.
	 */
	static final int PAGE = 32 << 10;

	/**
	 * A table's first page: pages double from it up to {@link #PAGE}, so that the tables of a
	 * report's many quiet days (a panel, a day, a source each) hold little more than their members.
	 */
	private static final int FIRST_PAGE = 256;

	/** Emptied pages kept for the next chunk, at most: more than a chunk of real lines fills. */
	private static final int SPARE_PAGES = 64;

	/**
	 * What a member costs a chunk beyond its bytes, estimated: its slot, and the String and record
	 * or map entry that the chunk's writes hold it in. (This table's slots and pages are reused from
	 * chunk to chunk, and only one chunk is being built at a time.)
	 */
	static final int MEMBER_OVERHEAD = 96;

	/**
	 * The slots, {@value #STRIDE} longs each: the member's hash (never 0, so 0 marks an empty slot)
	 * in the high half and its length in the low one; where it is (its page in the high half, its
	 * offset in the low one); its count; its response bytes. One array rather than one per field:
	 * a probe of a big table (a fold's sum of 100,000 members) then misses the cache once for the
	 * slot, not once per field.
	 */
	private long[] slots;

	private static final int STRIDE = 4;

	/** Slots, a power of two. */
	private int capacity;

	/**
	 * The used slots in the order their members came, {@link #used} of them: a chunk's table is
	 * written and emptied by visiting its members, not sweeping all its slots twice (a sweep and a
	 * fill per panel and chunk, most of them empty).
	 */
	private int[] order;

	/** Slots holding a member, those marked gone included. */
	private int used;

	/** Per slot, a small number kept with the member (a duration bucket): members with two tags count apart. */
	private int[] tags;

	/** Whether any member has a tag but 0: until then, {@link #tags} need not be read. */
	private boolean tagged;

	private byte[][] pages = new byte[4][];

	private int pageCount;

	/** The page short members are copied to, -1 before the first; filled up to {@link #filled}. */
	private int filling = -1;

	private int filled;

	private int nextPage = FIRST_PAGE;

	private byte[][] spare = new byte[0][];

	private int spareCount;

	/** Whether a page may be another table's too ({@link #addOwned}): such pages are never reused. */
	private boolean sharesPages;

	private int size;

	/** Members marked gone ({@link #markGone}), which {@link #size} leaves out. */
	private int gone;

	private long retainedBytes;

	MemberCounts() {
		allocate(INITIAL_CAPACITY);
	}

	/** A table that holds {@code members} without growing. */
	MemberCounts(int members) {
		allocate(Math.max(INITIAL_CAPACITY, Integer.highestOneBit(Math.max(1, members) * 2 - 1) * 2));
	}

	/** Empty slots, {@code capacity} of them. */
	private void allocate(int capacity) {
		this.capacity = capacity;
		this.slots = new long[capacity * STRIDE];
		this.tags = new int[capacity];
		this.order = new int[capacity / 2 + 1];
		this.used = 0;
	}

	/**
	 * Counts one more line with the member in {@code line[from, to)}.
	 * @return the bytes this table holds now that it did not before: a new member's bytes and
	 * {@link #MEMBER_OVERHEAD}, else 0
	 */
	int add(byte[] line, int from, int to) {
		return add(line, from, to, 0);
	}

	/**
	 * Counts one more line with the member in {@code line[from, to)}, and its response bytes.
	 * @return the bytes this table holds now that it did not before: a new member's bytes and
	 * {@link #MEMBER_OVERHEAD}, else 0
	 */
	int add(byte[] line, int from, int to, long responseBytes) {
		return add(0, line, from, to, responseBytes);
	}

	/**
	 * Counts one more line with the member in {@code line[from, to)} under {@code tag}, and its
	 * response bytes. Returns what the table grew by, so that a caller keeps the memory its tables
	 * hold as a running sum instead of asking each table for it at every line.
	 * @return the bytes this table holds now that it did not before: a new member's bytes and
	 * {@link #MEMBER_OVERHEAD}, else 0
	 */
	int add(int tag, byte[] line, int from, int to, long responseBytes) {
		return add(tag, line, from, to, 1, responseBytes);
	}

	/**
	 * Adds {@code count} requests and their {@code responseBytes} to the member in
	 * {@code line[from, to)} under {@code tag}: what summing chunks' counts does.
	 * @return the bytes this table holds now that it did not before
	 */
	int add(int tag, byte[] line, int from, int to, long count, long responseBytes) {
		return add(tag, line, from, to, count, responseBytes, false);
	}

	/**
	 * As {@link #add(int, byte[], int, int, long, long)} for the whole of {@code key}, which the
	 * table keeps as it is (a page of its own) if the member is new: two tables decoded from one
	 * delta share it.
	 */
	int addOwned(byte[] key, long count, long responseBytes) {
		this.sharesPages = true;
		return add(0, key, 0, key.length, count, responseBytes, true);
	}

	private int add(int tag, byte[] line, int from, int to, long count, long responseBytes, boolean owned) {
		// Never 0, which marks an empty slot: a probe compares the slot's hash and length, and reads
		// a member's bytes only when both match (one cache miss less per member of a big table).
		int hash = hash(31 + tag, line, from, to) | 1;
		int length = to - from;
		long key = ((long) hash << 32) | length;
		int mask = this.capacity - 1;
		int slot = mix(hash) & mask;
		long[] slots = this.slots;
		while (true) {
			int at = slot * STRIDE;
			long held = slots[at];
			if (held == 0) {
				slots[at] = key;
				slots[at + 1] = owned ? ((long) addPage(line)) << 32 : store(line, from, length);
				slots[at + 2] = count;
				slots[at + 3] = responseBytes;
				if (tag != 0) {
					this.tags[slot] = tag;
					this.tagged = true;
				}
				int added = length + MEMBER_OVERHEAD;
				this.retainedBytes += added;
				remember(slot);
				if (++this.size * 2 > this.capacity) {
					grow();
				}
				return added;
			}
			if (held == key && (!this.tagged || this.tags[slot] == tag)) {
				long place = slots[at + 1];
				if (sameBytes(this.pages[(int) (place >>> 32)], (int) place, line, from, length)) {
					slots[at + 2] += count;
					slots[at + 3] += responseBytes;
					return 0;
				}
			}
			slot = (slot + 1) & mask;
		}
	}

	/** Notes a slot just taken: members marked gone keep theirs, so more may be used than the table holds. */
	private void remember(int slot) {
		if (this.used == this.order.length) {
			this.order = Arrays.copyOf(this.order, this.order.length * 2);
		}
		this.order[this.used++] = slot;
	}

	/** Copies a new member into the pages, returning its place. */
	private long store(byte[] line, int from, int length) {
		if (length > PAGE / 4) {
			return ((long) addPage(Arrays.copyOfRange(line, from, from + length))) << 32;
		}
		if (this.filling < 0 || this.filled + length > this.pages[this.filling].length) {
			byte[] page;
			if (this.spareCount > 0 && this.spare[this.spareCount - 1].length >= length) {
				page = this.spare[--this.spareCount];
			}
			else {
				page = new byte[Math.max(length, this.nextPage)];
				this.nextPage = Math.min(PAGE, this.nextPage * 2);
			}
			this.filling = addPage(page);
			this.filled = 0;
		}
		System.arraycopy(line, from, this.pages[this.filling], this.filled, length);
		long place = (((long) this.filling) << 32) | this.filled;
		this.filled += length;
		return place;
	}

	private int addPage(byte[] page) {
		if (this.pageCount == this.pages.length) {
			this.pages = Arrays.copyOf(this.pages, this.pages.length * 2);
		}
		this.pages[this.pageCount] = page;
		return this.pageCount++;
	}

	/**
	 * A table's hash of the bytes, read eight at a time with one multiply each (agents and referrers
	 * run to a hundred bytes and more, on every line, in two panels each; byte at a time, this was a
	 * tenth of a real log's CPU). A member's last bytes are one read too: the words that end it when
	 * it has eight, read again where they overlap, else the word it starts where the array holds
	 * one, masked (a method, an hour, a protocol: a loop over their bytes cost a C1-compiled probe a
	 * third of its time). The same bytes hash alike wherever they stand; the table mixes the result
	 * again, so only its spread matters, and no value of it leaves the process.
	 */
	static int hash(int seed, byte[] b, int from, int to) {
		int length = to - from;
		long h = (seed + length) * MULTIPLIER;
		if (length > 16) {
			// Two words at a time, in two chains: each multiply waits for the one before it in its
			// chain, and a hundred-byte agent's single chain was most of its probe.
			long g = h ^ 0x5851_F42D_4C95_7F2DL;
			for (int i = from, end = to - 16; i < end; i += 16) {
				h = step(h, ByteSearch.longAt(b, i));
				g = step(g, ByteSearch.longAt(b, i + 8));
			}
			h = step(h, ByteSearch.longAt(b, to - 16));
			g = step(g, ByteSearch.longAt(b, to - 8));
			h = (h ^ Long.rotateLeft(g, 31)) * MULTIPLIER;
		}
		else if (length >= 8) {
			h = step(h, ByteSearch.longAt(b, from));
			h = step(h, ByteSearch.longAt(b, to - 8));
		}
		else if (length > 0) {
			h = step(h, shortWord(b, from, length));
		}
		return (int) (h ^ (h >>> 32));
	}

	/** The hashes' odd multiplier (the golden ratio's 64 bits). */
	private static final long MULTIPLIER = 0x9E37_79B9_7F4A_7C15L;

	/** One word more into a hash: {@link #hash} and {@link #hash64} take every word so. */
	private static long step(long h, long word) {
		return (Long.rotateLeft(h, 25) ^ word) * MULTIPLIER;
	}

	/** The {@code length < 8} bytes at {@code from}, little-endian, zeros above them. */
	private static long shortWord(byte[] b, int from, int length) {
		if (from + 8 <= b.length) {
			return ByteSearch.longAt(b, from) & (-1L >>> (64 - 8 * length));
		}
		long word = 0;
		for (int i = length - 1; i >= 0; i--) {
			word = (word << 8) | (b[from + i] & 0xFFL);
		}
		return word;
	}

	/**
	 * Whether {@code a[aFrom, aFrom + length)} and {@code b[bFrom, bFrom + length)} hold the same
	 * bytes, eight at a time: {@code Arrays.equals} of ranges is a library call and two range checks
	 * that C1 does not inline, most of a short member's compare.
	 */
	static boolean sameBytes(byte[] a, int aFrom, byte[] b, int bFrom, int length) {
		if (length >= 8) {
			for (int i = 0, end = length - 8; i < end; i += 8) {
				if (ByteSearch.longAt(a, aFrom + i) != ByteSearch.longAt(b, bFrom + i)) {
					return false;
				}
			}
			return ByteSearch.longAt(a, aFrom + length - 8) == ByteSearch.longAt(b, bFrom + length - 8);
		}
		return length == 0 || shortWord(a, aFrom, length) == shortWord(b, bFrom, length);
	}

	/**
	 * A 64-bit hash of the bytes, unmixed: the seed of another's continues it (a visitor's client,
	 * then agent: the key under which the reading thread remembers a recent visitor's element, which
	 * is FNV-1a's, not this).
	 */
	static long hash64(long seed, byte[] b, int from, int to) {
		long h = (seed + (to - from)) * MULTIPLIER;
		int i = from;
		for (int end = to - 8; i <= end; i += 8) {
			h = step(h, ByteSearch.longAt(b, i));
		}
		if (i < to) {
			long tail = 0;
			for (int shift = 0; i < to; i++, shift += 8) {
				tail |= (b[i] & 0xFFL) << shift;
			}
			h = step(h, tail);
		}
		return h;
	}

	/** Bytes held for distinct members, estimated: what the chunk costs in memory beyond its fixed counters. */
	long retainedBytes() {
		return this.retainedBytes;
	}

	/**
	 * Adds the counts to {@code into}, keyed by the members decoded as UTF-8 (two byte sequences
	 * that are not valid UTF-8 may decode alike: their counts add up), and starts over.
	 */
	void drainTo(Map<String, Long> into) {
		drainTo((member, tag, count, bytes) -> into.merge(member, count, Long::sum));
	}

	/** What {@link #drainTo(Sink)} hands each member to. */
	interface Sink {

		void accept(String member, int tag, long count, long bytes);

	}

	/** Hands each member (decoded as UTF-8), its count and bytes to {@code sink}, keeping them. */
	void forEach(Sink sink) {
		for (int slot = 0; slot < this.capacity; slot++) {
			if (used(slot)) {
				sink.accept(text(slot), tag(slot), count(slot), bytes(slot));
			}
		}
	}

	/** Hands each member's bytes as held (a copy of its own), its count and bytes to {@code sink}, keeping them. */
	void forEachRaw(RawSink sink) {
		for (int slot = 0; slot < this.capacity; slot++) {
			if (used(slot)) {
				int at = offset(slot);
				sink.accept(Arrays.copyOfRange(page(slot), at, at + length(slot)), count(slot), bytes(slot));
			}
		}
	}

	/** What {@link #forEachRaw} hands each member to. */
	interface RawSink {

		void accept(byte[] member, long count, long bytes);

	}

	/** Hands each member (decoded as UTF-8), its count and bytes to {@code sink}, and starts over. */
	void drainTo(Sink sink) {
		forEach(sink);
		reset();
	}

	private String text(int slot) {
		return new String(page(slot), offset(slot), length(slot), StandardCharsets.UTF_8);
	}

	private boolean used(int slot) {
		return this.slots[slot * STRIDE] != 0;
	}

	private int length(int slot) {
		return (int) this.slots[slot * STRIDE];
	}

	/** The page holding a slot's member (its place's high half). */
	private byte[] page(int slot) {
		return this.pages[(int) (this.slots[slot * STRIDE + 1] >>> 32)];
	}

	/** Where on its page a slot's member starts. */
	private int offset(int slot) {
		return (int) this.slots[slot * STRIDE + 1];
	}

	private long count(int slot) {
		return this.slots[slot * STRIDE + 2];
	}

	private long bytes(int slot) {
		return this.slots[slot * STRIDE + 3];
	}

	private int tag(int slot) {
		return this.tagged ? this.tags[slot] : 0;
	}

	/**
	 * Writes the members as a day's fields of a part's counts ({@link DeltaEncoding}), from their bytes as
	 * read (no String: the members' thread, which does this, is a busy one), in the order they
	 * came, and starts over.
	 * @param tagged whether a field is {@code TAG SPACE MEMBER} (a {@link BucketedField}: slowPaths' or
	 * a timed panel's duration bucket and member) rather than the member alone
	 */
	void encodeTo(DeltaEncoding.Writer out, boolean tagged) {
		out.varint(this.size);
		for (int i = 0; i < this.used; i++) {
			int slot = this.order[i];
			out.varint(fieldLength(slot, tagged));
			if (tagged) {
				out.decimal(tag(slot));
				out.raw(SPACE, 0, 1);
			}
			out.raw(page(slot), offset(slot), length(slot));
			out.varint(count(slot));
			out.varint(bytes(slot));
		}
		reset();
	}

	/**
	 * The bytes {@link #encodeTo} writes, exactly: a chunk's part is then written once into an
	 * array of its size (sized from above, then trimmed, its parts were a quarter of a busy day's
	 * garbage).
	 */
	int encodedSize(boolean tagged) {
		long size = DeltaEncoding.varintSize(this.size);
		for (int i = 0; i < this.used; i++) {
			int slot = this.order[i];
			int field = fieldLength(slot, tagged);
			size += DeltaEncoding.varintSize(field) + field + DeltaEncoding.varintSize(count(slot)) + DeltaEncoding.varintSize(bytes(slot));
		}
		return Math.toIntExact(size);
	}

	/** The bytes of a member's field as {@link #encodeTo} writes it: {@code TAG SPACE MEMBER}, or the member alone. */
	private int fieldLength(int slot, boolean tagged) {
		return tagged ? DeltaEncoding.decimalSize(tag(slot)) + 1 + length(slot) : length(slot);
	}

	private static final byte[] SPACE = { BucketedField.SEPARATOR };

	private void reset() {
		if (this.capacity > INITIAL_CAPACITY * 16 && this.capacity > this.used * 8) {
			// A table far bigger than the chunk it held needed is given back. One merely big stays:
			// chunks grow while the step lags (up to 16,000 lines), and a table made anew and grown
			// again for each was a sixth of a run's allocation (109 of 614 MB on the corpus x100).
			allocate(INITIAL_CAPACITY);
		}
		else {
			for (int i = 0; i < this.used; i++) {
				int at = this.order[i] * STRIDE;
				this.slots[at] = 0;
				this.slots[at + 1] = 0;
				this.slots[at + 2] = 0;
				this.slots[at + 3] = 0;
				this.tags[this.order[i]] = 0;
			}
			this.used = 0;
		}
		this.tagged = false;
		// Full pages wait for the next chunk's members; a long member's own page goes.
		for (int page = 0; page < this.pageCount; page++) {
			byte[] emptied = this.pages[page];
			if (!this.sharesPages && emptied.length <= PAGE && this.spareCount < SPARE_PAGES) {
				if (this.spareCount == this.spare.length) {
					this.spare = Arrays.copyOf(this.spare, Math.max(4, this.spare.length * 2));
				}
				this.spare[this.spareCount++] = emptied;
			}
			this.pages[page] = null;
		}
		this.pageCount = 0;
		this.filling = -1;
		this.size = 0;
		this.gone = 0;
		this.retainedBytes = 0;
	}

	int size() {
		return this.size;
	}

	/**
	 * The {@code keep} most requested members, and {@code other} counting the requests and bytes of
	 * the rest (and its own, if this table holds it), in a table of their own; this one is left as
	 * it was, and returned if it holds no more than {@code keep} others. Members requested alike
	 * rank by their bytes, as a sorted set ranks equal scores: the least requested and lowest go
	 * first, as sorting the whole day did. Untagged tables only.
	 */
	MemberCounts keepMostRequested(int keep, byte[] other) {
		if (this.tagged) {
			throw new IllegalStateException("a table of tagged members is not cut by requests alone");
		}
		int[] members = slots((page, from, to) -> Arrays.equals(page, from, to, other, 0, other.length));
		if (members.length <= keep) {
			return this;
		}
		// [0, cut) go to other, [cut, members) are kept.
		int cut = members.length - keep;
		lowestFirst(members, cut);
		MemberCounts kept = new MemberCounts(keep + 1);
		int otherSlot = find(other, 0, other.length);
		long otherCount = (otherSlot >= 0) ? count(otherSlot) : 0;
		long otherBytes = (otherSlot >= 0) ? bytes(otherSlot) : 0;
		for (int i = 0; i < cut; i++) {
			otherCount += count(members[i]);
			otherBytes += bytes(members[i]);
		}
		for (int i = cut; i < members.length; i++) {
			int slot = members[i];
			int at = offset(slot);
			kept.merge(page(slot), at, at + length(slot), count(slot), bytes(slot));
		}
		kept.merge(other, 0, other.length, otherCount, otherBytes);
		return kept;
	}

	/**
	 * Reorders {@code slots[0, n)} so that the {@code k} that rank lowest ({@link #ranksBelow}) come
	 * first: Hoare's selection, the pivot the middle one's.
	 */
	private void selectBelow(int[] slots, int n, int k, long[] prefixes) {
		int low = 0;
		int high = n - 1;
		while (low < high) {
			int pivot = slots[(low + high) >>> 1];
			int i = low;
			int j = high;
			while (i <= j) {
				while (ranksBelow(slots[i], pivot, prefixes)) {
					i++;
				}
				while (ranksBelow(pivot, slots[j], prefixes)) {
					j--;
				}
				if (i <= j) {
					int swap = slots[i];
					slots[i++] = slots[j];
					slots[j--] = swap;
				}
			}
			if (k - 1 <= j) {
				high = j;
			}
			else if (k - 1 >= i) {
				low = i;
			}
			else {
				return;
			}
		}
	}

	/** A member's first eight bytes, big-endian, zeros after a shorter one: they order as its bytes do. */
	private long prefix(int slot) {
		byte[] page = page(slot);
		int at = offset(slot);
		int length = Math.min(8, length(slot));
		long prefix = 0;
		for (int i = 0; i < length; i++) {
			prefix = (prefix << 8) | (page[at + i] & 0xFF);
		}
		return prefix << (8 * (8 - length));
	}

	/**
	 * Whether one slot's member ranks below another's: fewer requests, or as many and lower bytes
	 * (unsigned), as their {@link #prefix}es tell when they differ.
	 */
	private boolean ranksBelow(int one, int two, long[] prefixes) {
		long a = count(one);
		long b = count(two);
		if (a != b) {
			return a < b;
		}
		if (prefixes[one] != prefixes[two]) {
			return Long.compareUnsigned(prefixes[one], prefixes[two]) < 0;
		}
		// A loop, not Arrays.compareUnsigned: members that tie on requests (a scan's) mostly differ in
		// their first bytes, and the library's vectorised mismatch costs more than it saves there.
		byte[] onePage = page(one);
		byte[] twoPage = page(two);
		int oneAt = offset(one);
		int twoAt = offset(two);
		int oneLength = length(one);
		int twoLength = length(two);
		for (int end = Math.min(oneLength, twoLength), i = 0; i < end; i++) {
			int x = onePage[oneAt + i] & 0xFF;
			int y = twoPage[twoAt + i] & 0xFF;
			if (x != y) {
				return x < y;
			}
		}
		return oneLength < twoLength;
	}

	/** The slot of the member in {@code key[from, to)} (untagged), -1 if this table does not hold it. */
	int find(byte[] key, int from, int to) {
		int slot = probe(keyOf(key, from, to), key, from, to);
		return (slot >= 0) ? slot : -1;
	}

	/**
	 * Adds {@code count} requests and {@code bytes} to the member in {@code key[from, to)}
	 * (untagged) and returns its slot, which stays its slot: the table must have been made for all
	 * the members it is given ({@link #MemberCounts(int)}), as it does not grow here.
	 */
	int merge(byte[] key, int from, int to, long count, long bytes) {
		long wanted = keyOf(key, from, to);
		int slot = probe(wanted, key, from, to);
		if (slot < 0) {
			if ((this.size + 1) * 2 > this.capacity) {
				throw new IllegalStateException("a table made for " + this.capacity / 2 + " members was given more");
			}
			slot = -slot - 1;
			this.slots[slot * STRIDE] = wanted;
			this.slots[slot * STRIDE + 1] = store(key, from, to - from);
			remember(slot);
			this.size++;
			this.retainedBytes += to - from + MEMBER_OVERHEAD;
		}
		addAt(slot, count, bytes);
		return slot;
	}

	/** An untagged member's slot key: its hash (never 0) in the high half, its length in the low one. */
	private static long keyOf(byte[] key, int from, int to) {
		return ((long) (hash(31, key, from, to) | 1) << 32) | (to - from);
	}

	/** The slot holding the untagged member {@code wanted} ({@link #keyOf}) is the key of, else -1 less the empty slot it would take. */
	private int probe(long wanted, byte[] key, int from, int to) {
		int mask = this.capacity - 1;
		for (int slot = mix((int) (wanted >>> 32)) & mask;; slot = (slot + 1) & mask) {
			long held = this.slots[slot * STRIDE];
			if (held == 0) {
				return -slot - 1;
			}
			if (held == wanted && (!this.tagged || this.tags[slot] == 0)) {
				if (sameBytes(page(slot), offset(slot), key, from, to - from)) {
					return slot;
				}
			}
		}
	}

	/** Adds requests and bytes to the member at a slot {@link #merge} returned. */
	void addAt(int slot, long count, long bytes) {
		this.slots[slot * STRIDE + 2] += count;
		this.slots[slot * STRIDE + 3] += bytes;
	}

	/**
	 * Marks the member at a slot gone (cut from its day), keeping its place: a table that holds a
	 * day as Redis does ({@link HeldDays}) needs no new table for what a cut leaves. Its count is
	 * then -1, it no longer counts in {@link #size}, and only {@link #usedAt} still sees it.
	 */
	void markGone(int slot) {
		this.slots[slot * STRIDE + 2] = -1;
		this.slots[slot * STRIDE + 3] = 0;
		this.size--;
		this.gone++;
	}

	/** Whether a member was marked gone ({@link #markGone}): such a table takes no {@link #addAll}. */
	boolean anyGone() {
		return this.gone > 0;
	}

	/**
	 * Adds every member of {@code other}, untagged and none marked gone, growing as it must: a held
	 * day takes the fold that was just written to it, in place.
	 */
	void addAll(MemberCounts other) {
		if (this.gone > 0 || other.gone > 0) {
			throw new IllegalStateException("a table with members marked gone cannot take or give others");
		}
		for (int slot = 0; slot < other.capacity; slot++) {
			if (other.used(slot)) {
				int at = other.offset(slot);
				add(0, other.page(slot), at, at + other.length(slot), other.count(slot), other.bytes(slot), false);
			}
		}
	}

	/**
	 * Adds the member at a slot of {@code other}, with its requests and bytes, to this table made for
	 * it ({@link #merge}), which must not hold it yet: its hash is the one {@code other} keeps, and
	 * no member is compared (a held day's 100,000 members, at every fold).
	 */
	int insertFrom(MemberCounts other, int slot) {
		if ((this.size + 1) * 2 > this.capacity) {
			throw new IllegalStateException("a table made for " + this.capacity / 2 + " members was given more");
		}
		long key = other.slots[slot * STRIDE];
		int mask = this.capacity - 1;
		int to = mix((int) (key >>> 32)) & mask;
		while (this.slots[to * STRIDE] != 0) {
			to = (to + 1) & mask;
		}
		int length = other.length(slot);
		this.slots[to * STRIDE] = key;
		this.slots[to * STRIDE + 1] = store(other.page(slot), other.offset(slot), length);
		this.slots[to * STRIDE + 2] = other.count(slot);
		this.slots[to * STRIDE + 3] = other.bytes(slot);
		remember(to);
		this.size++;
		this.retainedBytes += length + MEMBER_OVERHEAD;
		return to;
	}

	/** Adds the member at a slot of {@code other}, with its requests and bytes, as {@link #merge} does. */
	int mergeFrom(MemberCounts other, int slot) {
		int at = other.offset(slot);
		return merge(other.page(slot), at, at + other.length(slot), other.count(slot), other.bytes(slot));
	}

	/** Slots, a power of two: what a slot number stays below. */
	int capacity() {
		return this.capacity;
	}

	/** Whether a slot holds a member. */
	boolean usedAt(int slot) {
		return used(slot);
	}

	/** A copy of the member's bytes at a slot. */
	byte[] memberAt(int slot) {
		int at = offset(slot);
		return Arrays.copyOfRange(page(slot), at, at + length(slot));
	}

	/** Adds each member of {@code other}, untagged, to this table made for them all ({@link #merge}). */
	void mergeAll(MemberCounts other) {
		for (int slot = 0; slot < other.capacity; slot++) {
			if (other.used(slot)) {
				mergeFrom(other, slot);
			}
		}
	}

	/** A test of a member by its bytes, {@code page[from, to)}. */
	interface MemberTest {

		boolean test(byte[] page, int from, int to);

	}

	/** The slots of the members {@code skip} does not pick (and not gone), in the table's order. */
	int[] slots(MemberTest skip) {
		int[] members = new int[this.size];
		int count = 0;
		for (int slot = 0; slot < this.capacity; slot++) {
			if (used(slot) && count(slot) >= 0) {
				int at = offset(slot);
				if (!skip.test(page(slot), at, at + length(slot))) {
					members[count++] = slot;
				}
			}
		}
		return (count == members.length) ? members : Arrays.copyOf(members, count);
	}

	/**
	 * Reorders {@code slots} so that the {@code below} members that rank lowest come first
	 * ({@link #ranksBelow}: fewer requests, or as many and lower bytes): a selection, not a sort.
	 */
	void lowestFirst(int[] slots, int below) {
		if (below <= 0 || below >= slots.length) {
			return;
		}
		// Each member's first eight bytes as one unsigned number: most ties on requests (a scan's
		// single requests) are then told apart by one compare, not a loop over bytes.
		long[] prefixes = new long[this.capacity];
		for (int slot : slots) {
			prefixes[slot] = prefix(slot);
		}
		selectBelow(slots, slots.length, below, prefixes);
	}

	/** Requests of the member at a slot {@link #find} returned. */
	long countAt(int slot) {
		return count(slot);
	}

	/** Response bytes of the member at a slot {@link #find} returned. */
	long bytesAt(int slot) {
		return bytes(slot);
	}

	private void grow() {
		long[] oldSlots = this.slots;
		int[] oldTags = this.tags;
		int[] oldOrder = this.order;
		int oldUsed = this.used;
		allocate(this.capacity * 2);
		int mask = this.capacity - 1;
		for (int i = 0; i < oldUsed; i++) {
			int old = oldOrder[i];
			int slot = mix((int) (oldSlots[old * STRIDE] >>> 32)) & mask;
			while (this.slots[slot * STRIDE] != 0) {
				slot = (slot + 1) & mask;
			}
			System.arraycopy(oldSlots, old * STRIDE, this.slots, slot * STRIDE, STRIDE);
			this.tags[slot] = oldTags[old];
			this.order[this.used++] = slot;
		}
	}

	/** Spreads the high bits of a polynomial hash into the low ones the mask keeps. */
	private static int mix(int hash) {
		int h = hash * 0x9E3779B9;
		return h ^ (h >>> 16);
	}

}

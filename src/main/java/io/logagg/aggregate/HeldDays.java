package io.logagg.aggregate;

import java.util.Map;
import java.util.TreeMap;

/**
 * The panels' and slowPaths' days as this run's last fold left them in Redis, so that the next
 * fold writes what it changes of such a day without reading it back: past {@code max-distinct}
 * (on a day of random clients, each fold read and summed the whole bounded day again, 100,000
 * members, twice with bytes, to change a few tens of thousands), and within it a fold's latest day
 * (a busy day's backlog: the next fold sets each of its members to their sum, where the script
 * added them one by one). Keyed by the part's name ({@code hosts}, {@code slowPaths}). At most a
 * share of the heap; when full, the oldest days go first (a log comes
 * in time order, and its newest days take the new members), and a day older than every one held
 * is not kept. Not thread-safe: the fold's owner uses it, and forgets it all when a fold fails, as
 * it no longer knows what Redis holds.
 */
final class HeldDays {

	/** A fold's writes of days that it may leave held: told once the fold got through. */
	interface Writer {

		/** The fold got through: its days are now as it left them. */
		void applied();

	}

	/** By panel id (or {@code slowPaths}), then epoch day. */
	private final Map<String, TreeMap<Long, MemberCounts>> panels = new TreeMap<>();

	private final long maxBytes;

	private long bytes;

	HeldDays(long maxBytes) {
		this.maxBytes = maxBytes;
	}

	/** The day as the last fold left it, with the members it cut marked gone; null if not held. */
	MemberCounts get(String panel, long day) {
		TreeMap<Long, MemberCounts> days = this.panels.get(panel);
		return (days != null) ? days.get(day) : null;
	}

	/** Holds the day as a fold that got through left it, if it fits. */
	void put(String panel, long day, MemberCounts held) {
		forget(panel, day);
		while (this.bytes + held.retainedBytes() > this.maxBytes) {
			Oldest oldest = oldest();
			if (oldest == null || oldest.day() > day) {
				return;
			}
			forget(oldest.panel(), oldest.day());
		}
		this.panels.computeIfAbsent(panel, p -> new TreeMap<>()).put(day, held);
		this.bytes += held.retainedBytes();
	}

	/** Whether {@link #put} would hold a day of {@code bytes} now (it may still not, after other days). */
	boolean mayHold(String panel, long day, long bytes) {
		if (bytes > this.maxBytes) {
			return false;
		}
		MemberCounts now = get(panel, day);
		if (this.bytes - ((now != null) ? now.retainedBytes() : 0) + bytes <= this.maxBytes) {
			return true;
		}
		Oldest oldest = oldest();
		return oldest != null && oldest.day() <= day;
	}

	/** Forgets the day: what Redis holds of it is not what was held (it expired, or another wrote it). */
	void forget(String panel, long day) {
		TreeMap<Long, MemberCounts> days = this.panels.get(panel);
		MemberCounts gone = (days != null) ? days.remove(day) : null;
		if (gone != null) {
			this.bytes -= gone.retainedBytes();
		}
	}

	/** Forgets every day: a fold failed, and what Redis holds is no longer known. */
	void clear() {
		this.panels.clear();
		this.bytes = 0;
	}

	private record Oldest(String panel, long day) {
	}

	private Oldest oldest() {
		Oldest oldest = null;
		for (Map.Entry<String, TreeMap<Long, MemberCounts>> held : this.panels.entrySet()) {
			if (!held.getValue().isEmpty() && (oldest == null || held.getValue().firstKey() < oldest.day())) {
				oldest = new Oldest(held.getKey(), held.getValue().firstKey());
			}
		}
		return oldest;
	}

}

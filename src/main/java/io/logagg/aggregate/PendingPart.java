package io.logagg.aggregate;

import io.logagg.checkpoint.ChunkWrites;

/**
 * A chunk's part of an aggregate that waits for a fold (a panel, slowPaths), encoded as
 * {@link DayFieldCounts} are ({@link DeltaEncoding}) straight from the accumulator's tables: the
 * chunk commits it inside its pending delta, never as commands of its own.
 *
 * @param kind what it counts: {@code panel:agents}, {@code slowPaths}
 * @param counts its days, fields, requests and bytes, encoded
 */
public record PendingPart(String kind, byte[] counts) implements ChunkWrites {

	@Override
	public void queue(io.logagg.checkpoint.TransactionCommands commands) {
		throw new IllegalStateException("the " + this.kind + " part of a chunk goes in its pending delta, not in commands");
	}

}

package io.logagg.checkpoint;

import java.util.List;

import io.logagg.read.FilePosition;
import io.logagg.read.FilesUpdate;

import org.springframework.util.Assert;

/**
 * One chunk as the {@link CheckpointStore} commits it: the aggregates' writes, the records of the
 * files its lines came from, and the checkpoint after its last line.
 *
 * @param end the position after the chunk's last line
 * @param writes the aggregates' parts, in order
 * @param files the records of the files it read from
 * @param pendingDelta what it adds to the aggregates that wait for a fold, encoded; null for nothing
 */
public record ChunkCommit(FilePosition end, List<ChunkWrites> writes, FilesUpdate files, byte[] pendingDelta) {

	public ChunkCommit {
		Assert.notNull(end, "end must not be null");
		writes = List.copyOf(writes);
		Assert.notNull(files, "files must not be null");
	}

}

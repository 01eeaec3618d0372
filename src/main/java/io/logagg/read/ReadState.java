package io.logagg.read;

import java.util.Map;

import org.springframework.util.Assert;

/**
 * Where a source stands, as its last committed chunk left it: the checkpoint (the file and offset
 * after the last line counted) and the record of every file read from, by key.
 *
 * <p>A checkpoint written before files had records ({@link #recorded()} false) names a file and
 * an offset only; the files whose names sort before it were finished then. The reader turns that
 * into records, which the first chunk it commits stores.
 *
 * @param checkpoint the position after the last line counted
 * @param checkpointRecord the key of the checkpointed file's record; null in the old layout
 * @param records every file's record, by key
 */
public record ReadState(FilePosition checkpoint, String checkpointRecord, Map<String, FileRecord> records) {

	/** A source that has read nothing yet. */
	public static final ReadState NEW = new ReadState(FilePosition.BEGINNING, null, Map.of());

	public ReadState {
		Assert.notNull(checkpoint, "checkpoint must not be null");
		records = Map.copyOf(records);
	}

	/** A source checkpointed by the layout without file records. */
	public static ReadState ofCheckpoint(FilePosition checkpoint) {
		return new ReadState(checkpoint, null, Map.of());
	}

	/** False for a checkpoint stored before files had records. */
	public boolean recorded() {
		return this.checkpointRecord != null || this.checkpoint.file().isEmpty();
	}

}

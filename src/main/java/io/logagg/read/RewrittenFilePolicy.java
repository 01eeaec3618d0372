package io.logagg.read;

/**
 * What the reader does when the checkpointed file was truncated (copytruncate rotation) or
 * replaced by another file of the same name since the checkpoint.
 */
public enum RewrittenFilePolicy {

	/** Warn and read the file again from its first byte. */
	REREAD,
	/** Fail the run, naming the file; nothing is read. */
	FAIL

}

package io.logagg.lock;

/** Another run holds the source's lock; this one touched nothing. */
public class SourceLockedException extends RuntimeException {

	public SourceLockedException(String source, String holder, long expiresInMillis) {
		super("source '" + source + "' is locked by another logagg run (" + holder + "); "
				+ ((expiresInMillis >= 0) ? "if that run was killed, the lock expires in "
						+ Math.max(1, (expiresInMillis + 999) / 1000) + " s" : "try again when it has finished"));
	}

}

package io.logagg.redis;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Explains the Redis errors an operator meets when a server is locked down or full, in the
 * operator's terms: missing ACL permissions, wrong credentials, a read-only replica, out of memory.
 * The first three are configuration to fix (exit code 2); out of memory is a run that failed.
 *
 * @param explanation one sentence naming the cause and what to do
 * @param configuration true if the setup, not the run, is at fault
 */
public record RedisRefusal(String explanation, boolean configuration) {

	/** The refusal behind a failure, if Redis refused something. */
	public static Optional<RedisRefusal> of(Throwable failure) {
		// From the root cause out: Redis's own words are there, and wrappers that quote them (with
		// the explanation already made of them) would be explained again.
		Deque<Throwable> chain = new ArrayDeque<>();
		for (Throwable cause = failure; cause != null && chain.size() < 64;
				cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			chain.push(cause);
		}
		for (Throwable cause : chain) {
			String message = cause.getMessage();
			if (message == null) {
				continue;
			}
			if (message.startsWith("NOPERM")) {
				return Optional.of(new RedisRefusal("the Redis user lacks a permission logagg needs (" + message
						+ "); see the README's Redis key layout for the commands and keys to allow", true));
			}
			if (message.startsWith("WRONGPASS") || message.startsWith("NOAUTH")
					|| message.contains("invalid username-password")) {
				return Optional.of(new RedisRefusal("Redis refused the credentials (" + message + ")", true));
			}
			if (message.startsWith("READONLY")) {
				return Optional.of(new RedisRefusal(
						"the Redis server is a read-only replica; point logagg at the master (" + message + ")", true));
			}
			if (message.startsWith("OOM")) {
				return Optional.of(new RedisRefusal("Redis is out of memory (maxmemory reached with a noeviction policy); "
						+ "nothing of the chunk was applied: free memory, raise maxmemory or lower logagg.fold.max-pending-bytes, then run again (" + message + ")",
						false));
			}
		}
		return Optional.empty();
	}

}

package io.logagg.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.logagg.redis.RedisRefusal;

import org.springframework.batch.core.step.FatalStepExecutionException;

/**
 * Turns an exception chain into one line: each message that says something its wrapper did not,
 * joined with ": ". Wrappers name the phase ("Could not open ..."), causes the reason.
 */
final class FailureMessage {

	private FailureMessage() {
	}

	static String of(Throwable failure) {
		List<String> parts = new ArrayList<>();
		String previous = "";
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			String message = cause.getMessage();
			// Bean creation wrappers repeat their whole cause chain, and Spring Batch's "Unable to
			// process chunk" says nothing of it; the causes say it better.
			if (message == null || message.isBlank() || cause.getClass().getName().startsWith("org.springframework.beans.")
					|| cause instanceof FatalStepExecutionException) {
				continue;
			}
			message = message.strip().replaceAll("\\s*\\R\\s*", " ");
			if (!previous.contains(message)) {
				parts.add(message);
				previous = message;
			}
		}
		String joined = parts.isEmpty() ? failure.getClass().getSimpleName() : String.join(": ", parts);
		// A refusal by Redis reads better in the operator's terms than as a driver's exception chain.
		Optional<RedisRefusal> refusal = RedisRefusal.of(failure);
		return refusal.isPresent() && !joined.contains(refusal.get().explanation()) ? refusal.get().explanation() : joined;
	}

}

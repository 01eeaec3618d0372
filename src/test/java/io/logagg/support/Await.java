package io.logagg.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds: the tests' only way to wait for another process. */
public final class Await {

	private Await() {
	}

	/**
	 * @param what the condition, for the failure message
	 * @param timeout how long to poll
	 * @param condition polled every few milliseconds
	 */
	public static void until(String what, Duration timeout, BooleanSupplier condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("timed out after " + timeout + " waiting for " + what);
			}
			try {
				Thread.sleep(2);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("interrupted waiting for " + what, ex);
			}
		}
	}

}

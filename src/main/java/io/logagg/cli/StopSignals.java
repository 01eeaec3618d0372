package io.logagg.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM, SIGINT (Ctrl-C) and SIGHUP handling for {@code run}, {@code restart} and {@code schedule}: the
 * first signal asks the job to stop after its current chunk (which is committed whole or not at
 * all) and lets the command end normally; a second one exits at once. Installed only when logagg
 * runs as its own process, never in tests that call the command line in-process.
 *
 * <p>Uses {@code sun.misc.Signal} (module jdk.unsupported): a shutdown hook cannot tell SIGTERM
 * from SIGINT, and by the time it runs the JVM is already exiting.
 */
final class StopSignals implements AutoCloseable {

	private final List<Signal> signals = new ArrayList<>();

	private final List<SignalHandler> previous = new ArrayList<>();

	private final CountDownLatch received = new CountDownLatch(1);

	private volatile int exitCode;

	private StopSignals() {
	}

	/**
	 * @param install false to install nothing (in-process use): {@link #received()} stays false
	 * @param onFirstSignal called once, on the signal's thread, at the first signal
	 */
	static StopSignals install(boolean install, Runnable onFirstSignal) {
		StopSignals stopSignals = new StopSignals();
		if (install) {
			stopSignals.handle("TERM", ExitCodes.TERMINATED, onFirstSignal);
			stopSignals.handle("INT", ExitCodes.INTERRUPTED, onFirstSignal);
			// A closed terminal or a nohup-less logout: stop as cleanly, releasing the source's lock.
			stopSignals.handle("HUP", ExitCodes.HANGUP, onFirstSignal);
		}
		return stopSignals;
	}

	private void handle(String name, int code, Runnable onFirstSignal) {
		Signal signal = new Signal(name);
		this.signals.add(signal);
		this.previous.add(Signal.handle(signal, s -> {
			if (this.received.getCount() == 0) {
				System.err.println("logagg: second SIG" + name + ", exiting now");
				Runtime.getRuntime().halt(code);
			}
			this.exitCode = code;
			this.received.countDown();
			System.err.println("logagg: SIG" + name + " received, stopping after the current chunk (send it again to exit at once)");
			onFirstSignal.run();
		}));
	}

	/** True once a stop signal arrived. */
	boolean received() {
		return this.received.getCount() == 0;
	}

	/** 143 after SIGTERM, 130 after SIGINT, 129 after SIGHUP. */
	int exitCode() {
		return this.exitCode;
	}

	/** Waits up to the timeout for a stop signal; true if one arrived. */
	boolean await(long millis) throws InterruptedException {
		return this.received.await(millis, TimeUnit.MILLISECONDS);
	}

	@Override
	public void close() {
		for (int i = 0; i < this.signals.size(); i++) {
			Signal.handle(this.signals.get(i), this.previous.get(i));
		}
	}

}

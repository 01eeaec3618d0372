package io.logagg.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code logrotate} (Debian's package, which {@code .ci/run} installs), forced to rotate
 * one log with a private state file, as root's daily cron would with a distribution's
 * configuration. A test that uses it fails, saying so, when it is not installed.
 */
public final class Logrotate {

	/** The rotation schemes that distributions ship, or that operators choose. */
	public enum Scheme {

		/** Debian's and Ubuntu's nginx and apache2: numbered, gzip all but the newest rotation. */
		DELAYCOMPRESS("compress\ndelaycompress\ncreate\n", true),
		/** {@code compress} alone: the rotated file is gzipped at once. */
		COMPRESS("compress\ncreate\n", false),
		/** For servers that cannot reopen their log: copy, then truncate in place. */
		COPYTRUNCATE("copytruncate\ncompress\ndelaycompress\n", true),
		/** RHEL's and Fedora's: a date in the name (with the second, so that tests may rotate often). */
		DATEEXT("dateext\ndateformat -%Y%m%d-%s\ncompress\ndelaycompress\ncreate\n", true),
		/** logrotate's {@code extension .log}: {@code access.1.log}, {@code access.2.log.gz}. */
		EXTENSION("extension .log\ncompress\ndelaycompress\ncreate\n", true),
		/** A {@code dateformat} of seconds since the epoch: {@code access.log-1796579396}. */
		DATEFORMAT_EPOCH("dateext\ndateformat -%s\ncompress\ndelaycompress\ncreate\n", true),
		/** A {@code dateformat} of the month: {@code access.log-202612}; one rotation a month. */
		DATEFORMAT_MONTH("dateext\ndateformat -%Y%m\ncompress\ndelaycompress\ncreate\n", true);

		private final String directives;

		private final boolean serverWritesAfterRotation;

		Scheme(String directives, boolean serverWritesAfterRotation) {
			this.directives = directives;
			this.serverWritesAfterRotation = serverWritesAfterRotation;
		}

		/**
		 * Whether lines the server writes to its open file between the rotation and reopening its
		 * log are kept: with {@code compress} alone logrotate deletes that file at once, and they
		 * are lost by logrotate itself (which is why distributions use {@code delaycompress}).
		 */
		public boolean serverWritesAfterRotation() {
			return this.serverWritesAfterRotation;
		}

	}

	private static final Path BINARY = Path.of("/usr/sbin/logrotate");

	private final Path config;

	private final Path state;

	private final Scheme scheme;

	private long lastRotationSecond;

	/**
	 * @param log the live log file
	 * @param scheme how it is rotated
	 * @param work where the configuration and state files go (not the log's directory)
	 */
	public Logrotate(Path log, Scheme scheme, Path work) throws IOException {
		if (!Files.isExecutable(BINARY)) {
			throw new AssertionError("logrotate is not installed (apt-get install logrotate; .ci/run installs it)");
		}
		this.scheme = scheme;
		this.config = work.resolve("logrotate-" + scheme + ".conf");
		this.state = work.resolve("logrotate-" + scheme + ".state");
		Files.writeString(this.config, log + " {\n" + "rotate 30\nmissingok\n" + scheme.directives + "}\n",
				StandardCharsets.UTF_8);
	}

	/** Forces one rotation, as {@code logrotate -f} does. */
	public void rotate() throws IOException, InterruptedException {
		if (this.scheme == Scheme.DATEEXT || this.scheme == Scheme.DATEFORMAT_EPOCH) {
			// Two rotations in one second would want the same name; logrotate would skip the second.
			// With a margin: logrotate's time() may be a coarse clock, a few milliseconds behind Java's.
			Await.until("the next second for a new dateext name", Duration.ofSeconds(3),
					() -> Instant.now().minusMillis(100).getEpochSecond() > this.lastRotationSecond);
			this.lastRotationSecond = Instant.now().getEpochSecond();
		}
		Process process = new ProcessBuilder(List.of(BINARY.toString(), "-f", "-s", this.state.toString(),
				this.config.toString())).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new AssertionError("logrotate failed: " + output);
		}
	}

}

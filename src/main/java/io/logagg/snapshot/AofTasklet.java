package io.logagg.snapshot;

import java.time.Duration;
import java.util.Properties;

import io.logagg.config.LogaggProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Makes Redis keep an append-only file: CONFIG SET appendonly yes with the configured
 * {@code appendfsync} and rewrite thresholds, waits for the initial rewrite Redis starts when AOF
 * is turned on (and for BGREWRITEAOF when asked), then checks {@code aof_last_bgrewrite_status}
 * and {@code aof_last_write_status} in {@code INFO persistence}; in a cluster, on every master.
 */
public class AofTasklet extends SnapshotTasklet {

	private static final Logger logger = LoggerFactory.getLogger(AofTasklet.class);

	private static final long POLL_MILLIS = 20;

	private final RedisConnectionFactory connectionFactory;

	private final LogaggProperties.Aof settings;

	private final Duration timeout;

	public AofTasklet(RedisConnectionFactory connectionFactory, LogaggProperties.Aof settings, Duration timeout) {
		this.connectionFactory = connectionFactory;
		this.settings = settings;
		this.timeout = timeout;
	}

	@Override
	public String persist() throws InterruptedException {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			long deadline = System.nanoTime() + this.timeout.toNanos();
			for (ServerNode node : ServerNode.of(connection)) {
				turnOn(node, deadline);
			}
			return "AOF on, appendfsync " + this.settings.appendfsync() + (this.settings.rewrite() ? ", rewritten" : "")
					+ ", status ok";
		}
	}

	private void turnOn(ServerNode server, long deadline) throws InterruptedException {
		try {
			server.setConfig("appendfsync", this.settings.appendfsync());
			server.setConfig("auto-aof-rewrite-percentage", Integer.toString(this.settings.rewritePercentage()));
			server.setConfig("auto-aof-rewrite-min-size", this.settings.rewriteMinSize());
			server.setConfig("appendonly", "yes");
		}
		catch (DataAccessException ex) {
			throw new IllegalStateException("Redis refused CONFIG (" + ex.getMostSpecificCause().getMessage()
					+ "); managed services often rename or disable it: turn on appendonly in the server's own "
					+ "configuration and run with logagg.snapshot.mode=none", ex);
		}
		// Turning AOF on starts a rewrite that writes the first AOF; wait for it to end.
		awaitNoRewrite(server, deadline);
		if (this.settings.rewrite()) {
			startRewrite(server, deadline);
			awaitNoRewrite(server, deadline);
		}
		Properties info = server.info("persistence");
		String rewrite = info.getProperty("aof_last_bgrewrite_status");
		String write = info.getProperty("aof_last_write_status");
		if (!"1".equals(info.getProperty("aof_enabled")) || !"ok".equals(rewrite) || !"ok".equals(write)) {
			throw new IllegalStateException("AOF is not healthy on " + server.name() + ": aof_enabled:" + info.getProperty("aof_enabled")
					+ " aof_last_bgrewrite_status:" + rewrite + " aof_last_write_status:" + write
					+ " (see the Redis server log)");
		}
	}

	private void startRewrite(ServerNode server, long deadline) throws InterruptedException {
		while (true) {
			try {
				server.bgReWriteAof();
				return;
			}
			catch (DataAccessException ex) {
				// A save or rewrite in progress: Redis schedules ours, or asks us to come back.
				if (!String.valueOf(ex.getMessage()).contains("in progress")) {
					throw ex;
				}
				waitOrFail(deadline, "a rewrite already in progress");
			}
		}
	}

	private void awaitNoRewrite(ServerNode server, long deadline) throws InterruptedException {
		while (true) {
			Properties info = server.info("persistence");
			if ("0".equals(info.getProperty("aof_rewrite_in_progress")) && "0".equals(info.getProperty("aof_rewrite_scheduled"))) {
				return;
			}
			waitOrFail(deadline, "the AOF rewrite to finish");
		}
	}

	private void waitOrFail(long deadline, String what) throws InterruptedException {
		if (System.nanoTime() > deadline) {
			throw new IllegalStateException("Timed out after " + this.timeout + " waiting for " + what
					+ " (logagg.snapshot.timeout)");
		}
		logger.debug("waiting for {}", what);
		Thread.sleep(POLL_MILLIS);
	}

}

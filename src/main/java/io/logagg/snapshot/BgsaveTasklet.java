package io.logagg.snapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Makes Redis write an RDB snapshot and waits until it is on disk: BGSAVE (after any save already
 * running, since that one may have started before our last chunk), then poll {@code INFO
 * persistence} until no save is in progress, {@code LASTSAVE} is not older than the step's start
 * and the last save succeeded. In a Redis Cluster, every master saves in turn.
 *
 * <p>LASTSAVE has one-second resolution, so a save finishing in the second the step started
 * counts; where Redis reports {@code rdb_saves} (7.0 and later), the counter must also have moved,
 * which rules out a save that ended just before our BGSAVE.
 */
public class BgsaveTasklet extends SnapshotTasklet {

	private static final Logger logger = LoggerFactory.getLogger(BgsaveTasklet.class);

	/**
	 * Redis notices that its save child ended on a {@code serverCron} tick (every 100 ms at the
	 * default {@code hz 10}); polling often adds little to that wait. INFO is cheap.
	 */
	private static final Duration POLL = Duration.ofMillis(5);

	private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);

	private final RedisConnectionFactory connectionFactory;

	private final Duration timeout;

	public BgsaveTasklet(RedisConnectionFactory connectionFactory, Duration timeout) {
		this.connectionFactory = connectionFactory;
		this.timeout = timeout;
	}

	@Override
	public String persist() throws InterruptedException {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			long deadline = System.nanoTime() + this.timeout.toNanos();
			List<String> done = new ArrayList<>();
			for (ServerNode node : ServerNode.of(connection)) {
				done.add(save(node, deadline));
			}
			return "BGSAVE done: " + String.join(", ", done);
		}
	}

	/**
	 * Saves unless every master's last good save began after the source's last commit, and so holds
	 * it. A save's child is forked at {@code rdb_last_save_time - rdb_last_bgsave_time_sec}, both
	 * whole seconds, so the commit must be two seconds older than that. An idle cron tick otherwise
	 * made Redis write its whole dataset again, every tick, and waited 0.05-0.13 s for it.
	 */
	@Override
	public String persistIfUnsaved(OptionalLong lastCommit) throws InterruptedException {
		if (lastCommit.isEmpty()) {
			return persist();
		}
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			List<String> saved = new ArrayList<>();
			for (ServerNode node : ServerNode.of(connection)) {
				Properties info = node.info("persistence");
				long forked = counter(info, "rdb_last_save_time") - Math.max(0, counter(info, "rdb_last_bgsave_time_sec"));
				if (counter(info, "rdb_bgsave_in_progress") != 0 || !"ok".equals(info.getProperty("rdb_last_bgsave_status"))
						|| lastCommit.getAsLong() + 2 > forked) {
					return persist();
				}
				saved.add(node.name() + " saved from " + forked);
			}
			return "BGSAVE not needed: the last commit (" + lastCommit.getAsLong() + ") is in the last save of "
					+ String.join(", ", saved);
		}
	}

	private String save(ServerNode node, long deadline) throws InterruptedException {
		long stepStart = node.timeSeconds();
		long savesBefore = counter(node.info("persistence"), "rdb_saves");
		startBgsave(node, deadline);
		long nextProgress = System.nanoTime() + PROGRESS_INTERVAL.toNanos();
		while (true) {
			Properties info = node.info("persistence");
			if (counter(info, "rdb_bgsave_in_progress") == 0) {
				long lastSave = node.lastSave();
				long saves = counter(info, "rdb_saves");
				if (lastSave >= stepStart && (savesBefore < 0 || saves > savesBefore)) {
					String status = info.getProperty("rdb_last_bgsave_status");
					if (!"ok".equals(status)) {
						throw new IllegalStateException("BGSAVE failed on " + node.name() + ": rdb_last_bgsave_status:"
								+ status + " (see the Redis server log; check disk space and the permissions of its dir)");
					}
					return node.name() + " LASTSAVE " + lastSave + " (step started " + stepStart + ")";
				}
			}
			nextProgress = waitOrFail(deadline, nextProgress, "the background save of " + node.name() + " to finish");
		}
	}

	/** Starts a BGSAVE, first waiting out a save or AOF rewrite already running. */
	private void startBgsave(ServerNode node, long deadline) throws InterruptedException {
		long nextProgress = System.nanoTime() + PROGRESS_INTERVAL.toNanos();
		while (true) {
			try {
				node.bgSave();
				return;
			}
			catch (DataAccessException ex) {
				if (!String.valueOf(ex.getMessage()).contains("in progress")) {
					throw ex;
				}
				nextProgress = waitOrFail(deadline, nextProgress,
						"a save already in progress on " + node.name() + " before BGSAVE");
			}
		}
	}

	private long waitOrFail(long deadline, long nextProgress, String what) throws InterruptedException {
		long now = System.nanoTime();
		if (now > deadline) {
			throw new IllegalStateException("Timed out after " + this.timeout + " waiting for " + what
					+ " (logagg.snapshot.timeout)");
		}
		if (now > nextProgress) {
			logger.info("still waiting for {}", what);
			nextProgress = now + PROGRESS_INTERVAL.toNanos();
		}
		Thread.sleep(POLL.toMillis());
		return nextProgress;
	}

	private static long counter(Properties info, String name) {
		String value = info.getProperty(name);
		return (value != null) ? Long.parseLong(value.trim()) : -1;
	}

}

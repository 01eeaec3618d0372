package io.logagg.lock;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.logagg.checkpoint.KeyLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The lock that lets one run at a time work on a source: {@code SET key token NX PX ttl}, renewed
 * every third of the TTL while the run is alive, released with a compare-and-delete script so that
 * a run never deletes a lock another run took after its own expired. A killed run's lock expires
 * by itself after the TTL, or is taken over at once by a run on the same host that sees the
 * holder's pid is gone.
 *
 * <p>The lock keeps runs apart in the normal case; the WATCH guard on the checkpoint stays the
 * last line of defence when a lock expires under a paused run. Thread-safe.
 */
public final class SourceLock implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(SourceLock.class);

	private static final RedisScript<Long> RENEW = RedisScript.of(
			"if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end",
			Long.class);

	private static final RedisScript<Long> TAKE_OVER = RedisScript.of(
			"if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 else return 0 end",
			Long.class);

	private static final RedisScript<Long> RELEASE = RedisScript
		.of("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end", Long.class);

	private final StringRedisTemplate redis;

	private final String key;

	private final String token;

	private final Duration ttl;

	private final ScheduledExecutorService renewal;

	private volatile boolean lost;

	private SourceLock(StringRedisTemplate redis, String key, String token, Duration ttl) {
		this.redis = redis;
		this.key = key;
		this.token = token;
		this.ttl = ttl;
		this.renewal = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "logagg-lock-renewal");
			thread.setDaemon(true);
			return thread;
		});
		long period = Math.max(100, ttl.toMillis() / 3);
		this.renewal.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
	}

	/**
	 * Takes the source's lock or fails at once.
	 * @throws SourceLockedException if another run holds it
	 */
	public static SourceLock acquire(StringRedisTemplate redis, KeyLayout keys, Duration ttl) {
		String token = UUID.randomUUID() + " " + ManagementFactory.getRuntimeMXBean().getName();
		Boolean taken = redis.opsForValue().setIfAbsent(keys.lock(), token, ttl);
		if (!Boolean.TRUE.equals(taken)) {
			String holder = redis.opsForValue().get(keys.lock());
			if (holder != null && heldByDeadProcessOfThisHost(holder) && Long.valueOf(1)
				.equals(eval(redis, TAKE_OVER, keys.lock(), holder, token, Long.toString(ttl.toMillis())))) {
				logger.warn("took over the lock of source '{}' from {}, which is no longer running", keys.source(),
						holderName(holder));
				return new SourceLock(redis, keys.lock(), token, ttl);
			}
			Long expiresIn = redis.getExpire(keys.lock(), TimeUnit.MILLISECONDS);
			throw new SourceLockedException(keys.source(), holderName(holder), (expiresIn != null) ? expiresIn : -1);
		}
		return new SourceLock(redis, keys.lock(), token, ttl);
	}

	/**
	 * True if the token names a process of this host (same "pid@host" form as ours) that is no
	 * longer alive: a run killed here need not make the next one wait for the TTL. Holders on other
	 * hosts, and live pids, are always waited for.
	 */
	private static boolean heldByDeadProcessOfThisHost(String holder) {
		String ours = ManagementFactory.getRuntimeMXBean().getName();
		int space = holder.indexOf(' ');
		String owner = (space >= 0) ? holder.substring(space + 1) : holder;
		int at = owner.indexOf('@');
		int ourAt = ours.indexOf('@');
		if (at <= 0 || ourAt <= 0 || !owner.substring(at).equals(ours.substring(ourAt))) {
			return false;
		}
		try {
			long pid = Long.parseLong(owner.substring(0, at));
			return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	/** True once a renewal found the lock gone or taken by another run. */
	public boolean isLost() {
		return this.lost;
	}

	private void renew() {
		try {
			Long renewed = eval(this.redis, RENEW, this.key, this.token, Long.toString(this.ttl.toMillis()));
			if (renewed == null || renewed == 0) {
				if (!this.lost) {
					logger.warn("lost the lock {}: it expired and may be held by another run; "
							+ "the checkpoint guard refuses any chunk that run already moved past", this.key);
				}
				this.lost = true;
			}
		}
		catch (RuntimeException ex) {
			// Redis is away; the run itself meets the same error and retries or fails.
			logger.debug("could not renew lock {}: {}", this.key, ex.getMessage());
		}
	}

	/** Stops renewing and deletes the lock if it is still ours. */
	@Override
	public void close() {
		this.renewal.shutdownNow();
		try {
			eval(this.redis, RELEASE, this.key, this.token);
		}
		catch (RuntimeException ex) {
			logger.warn("could not release lock {} ({}); it expires by itself within {}", this.key, ex.getMessage(),
					this.ttl);
		}
	}

	/**
	 * Runs a script of one key on the connection as it is. {@code RedisTemplate.execute(script, ...)}
	 * hands its script executor a JDK proxy of the connection, and making that proxy's class took
	 * 20 ms of a cron tick.
	 */
	private static Long eval(StringRedisTemplate redis, RedisScript<Long> script, String key, String... args) {
		byte[][] keyAndArgs = new byte[args.length + 1][];
		keyAndArgs[0] = key.getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < args.length; i++) {
			keyAndArgs[i + 1] = args[i].getBytes(StandardCharsets.UTF_8);
		}
		byte[] body = script.getScriptAsString().getBytes(StandardCharsets.UTF_8);
		return redis.execute((RedisCallback<Long>) connection -> connection.scriptingCommands()
			.eval(body, ReturnType.INTEGER, 1, keyAndArgs), true);
	}

	/** "pid 1234 on host" from a token "uuid 1234@host". */
	private static String holderName(String token) {
		if (token == null) {
			return "a run that just finished";
		}
		int space = token.indexOf(' ');
		String owner = (space >= 0) ? token.substring(space + 1) : token;
		int at = owner.indexOf('@');
		return (at > 0) ? "pid " + owner.substring(0, at) + " on " + owner.substring(at + 1) : owner;
	}

}

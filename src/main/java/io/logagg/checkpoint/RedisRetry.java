package io.logagg.checkpoint;

import java.time.Duration;
import java.util.function.Supplier;

import io.logagg.config.LogaggProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;

/**
 * Runs a Redis call again after a transient failure (connection lost or refused, timeout, a server
 * still LOADING its data after a restart), with exponential backoff, up to a bounded number of
 * attempts. Callers make their call safe to repeat; {@link CheckpointStore#commit} does so by
 * reading the checkpoint before it applies anything. Thread-safe.
 */
public final class RedisRetry {

	private static final Logger logger = LoggerFactory.getLogger(RedisRetry.class);

	private final LogaggProperties.Retry settings;

	public RedisRetry(LogaggProperties.Retry settings) {
		this.settings = settings;
	}

	/** No retries: every failure is final. */
	public static RedisRetry none() {
		return new RedisRetry(new LogaggProperties.Retry(1, Duration.ZERO, 1, Duration.ZERO));
	}

	/**
	 * @param what the call, for log lines ("commit of the chunk ending at a.log@1234")
	 * @param call the call; run again after a transient failure
	 * @return what the call returned
	 */
	public <T> T call(String what, Supplier<T> call) {
		long backoff = this.settings.initialBackoff().toMillis();
		for (int attempt = 1;; attempt++) {
			try {
				return call.get();
			}
			catch (RuntimeException ex) {
				if (!isTransient(ex) || attempt >= this.settings.maxAttempts()) {
					throw ex;
				}
				logger.warn("Redis failed during {} ({}); attempt {} of {} in {} ms", what, ex.getMessage(), attempt + 1,
						this.settings.maxAttempts(), backoff);
				sleep(backoff);
				backoff = Math.min(this.settings.maxBackoff().toMillis(), (long) (backoff * this.settings.multiplier()));
			}
		}
	}

	/** True for failures that a later attempt may not meet. */
	public static boolean isTransient(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			if (cause instanceof JedisConnectionException || cause instanceof RedisConnectionFailureException
					|| cause instanceof QueryTimeoutException) {
				return true;
			}
			if (cause instanceof JedisDataException && cause.getMessage() != null
					&& (cause.getMessage().startsWith("LOADING") || cause.getMessage().startsWith("BUSY")
							|| cause.getMessage().startsWith("TRYAGAIN") || cause.getMessage().startsWith("MASTERDOWN"))) {
				return true;
			}
		}
		return false;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting to retry Redis", ex);
		}
	}

}

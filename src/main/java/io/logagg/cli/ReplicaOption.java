package io.logagg.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.logagg.config.InvalidSettingException;
import io.logagg.config.LogaggProperties;
import io.logagg.redis.RedisEndpoint;
import picocli.CommandLine.Option;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * {@code --replica-url} of the commands that only read ({@code report}, {@code status},
 * {@code sources}), and the context they read in, with JSON (and the job's repository for those
 * that show its runs): on that replica, else on the one
 * {@code logagg.redis.replica-url} names, else on the master. The setting is known only once the
 * configuration is read, so a first context reads it and makes way for one on the replica.
 */
final class ReplicaOption {

	@Option(names = "--replica-url", paramLabel = "URL",
			description = "Read from this Redis replica instead of the master (replaces --redis-url for this command)")
	String replicaUrl;

	/**
	 * Starts the context to read in, with the command's {@code settings}: Redis and JSON alone
	 * ({@link ApplicationLauncher#startReadingOnly}), or with the job's repository too.
	 */
	ConfigurableApplicationContext startReading(ApplicationLauncher launcher, List<String> settings, boolean jobRepository) {
		Function<List<String>, ConfigurableApplicationContext> start = jobRepository ? launcher::startWithJson
				: launcher::startReadingOnly;
		if (this.replicaUrl != null) {
			return start.apply(withRedisUrl(settings, this.replicaUrl));
		}
		ConfigurableApplicationContext context = start.apply(settings);
		String configured = context.getBean(LogaggProperties.class).redis().replicaUrl();
		if (configured == null || configured.isBlank()) {
			return context;
		}
		context.close();
		return start.apply(withRedisUrl(settings, configured));
	}

	/**
	 * Sends PING to the Redis the context reads from, failing in one line that points at the option
	 * or setting that named it: {@code --replica-url} (or {@code logagg.redis.replica-url}) when
	 * reading on a replica, otherwise {@code --redis-url}.
	 */
	void requireReachable(ConfigurableApplicationContext context) {
		try {
			RedisEndpoint.requireReachable(context.getBean(RedisConnectionFactory.class));
		}
		catch (InvalidSettingException ex) {
			String configured = context.getBean(LogaggProperties.class).redis().replicaUrl();
			boolean onReplica = this.replicaUrl != null || (configured != null && !configured.isBlank());
			if (!onReplica) {
				throw ex;
			}
			String option = (this.replicaUrl != null) ? "--replica-url" : "logagg.redis.replica-url";
			throw new InvalidSettingException(ex.getMessage().replace("(check spring.data.redis.url / --redis-url)",
					"(check " + option + ")").replace("cannot use Redis at", "cannot use the Redis replica at"), ex.getCause());
		}
	}

	private static List<String> withRedisUrl(List<String> settings, String url) {
		List<String> onReplica = new ArrayList<>(settings);
		onReplica.add("--spring.data.redis.url=" + url);
		return onReplica;
	}

}

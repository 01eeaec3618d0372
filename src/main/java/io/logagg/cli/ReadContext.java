package io.logagg.cli;

import java.util.ArrayList;
import java.util.List;

import io.logagg.config.LogaggProperties;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The context of a command that only reads ({@code report}, {@code status}): pointed at the replica
 * that {@code logagg.redis.replica-url} names, when it names one and no {@code --replica-url} was
 * given. The setting is known only once the configuration is read, so a first context reads it and
 * makes way for one on the replica.
 */
final class ReadContext {

	private ReadContext() {
	}

	static ConfigurableApplicationContext start(ApplicationLauncher launcher, List<String> settings, String replicaOption) {
		ConfigurableApplicationContext context = launcher.start(settings);
		String replica = context.getBean(LogaggProperties.class).redis().replicaUrl();
		if (replicaOption != null || replica == null || replica.isBlank()) {
			return context;
		}
		context.close();
		List<String> onReplica = new ArrayList<>(settings);
		onReplica.add("--spring.data.redis.url=" + replica);
		return launcher.start(onReplica);
	}

}

package io.logagg.cli;

import java.util.ArrayList;
import java.util.List;

import io.logagg.config.InvalidSettingException;
import io.logagg.config.LogaggProperties;
import io.logagg.dashboard.DashboardConfiguration;
import io.logagg.dashboard.ServeAddress;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * What {@code --serve} adds to a command's settings, and what it refuses: a dashboard bound
 * beyond loopback without a token, a token on the command line. Actuator's endpoints, when
 * {@code logagg.metrics.port} is set too, keep their own port and address.
 */
final class DashboardServing {

	private DashboardServing() {
	}

	/**
	 * The settings that serve the dashboard at {@code at}, checked.
	 * @throws InvalidSettingException when the dashboard would be open to the network, or its token visible to every user
	 */
	static List<String> settings(ApplicationLauncher launcher, List<String> settings, ServeAddress at) {
		for (String setting : launcher.settings()) {
			if (setting.startsWith("--" + DashboardConfiguration.TOKEN + "=")) {
				throw new InvalidSettingException("--" + DashboardConfiguration.TOKEN + " on the command line is visible to every user "
						+ "of this machine (ps): give it in the environment (LOGAGG_DASHBOARD_TOKEN) or in a file "
						+ "(logagg.dashboard.token-file)");
			}
		}
		LogaggProperties properties;
		try (ConfigurableApplicationContext context = launcher.startSettingsOnly(settings)) {
			properties = context.getBean(LogaggProperties.class);
		}
		if (!at.loopback() && properties.dashboard().secret() == null) {
			throw new InvalidSettingException("--serve " + at + " reaches beyond this machine: set a token that every request "
					+ "must carry, in LOGAGG_DASHBOARD_TOKEN or a file named by logagg.dashboard.token-file (and TLS: "
					+ "server.ssl.*), or serve on 127.0.0.1");
		}
		List<String> serving = new ArrayList<>(settings);
		serving.addAll(List.of("--server.port=" + at.port(), "--server.address=" + at.address()));
		LogaggProperties.Metrics metrics = properties.metrics();
		if (metrics.port() != 0) {
			serving.addAll(List.of("--management.server.port=" + metrics.port(), "--management.server.address=" + metrics.address(),
					"--management.endpoints.web.exposure.include=health,prometheus",
					"--management.endpoint.health.show-components=always"));
		}
		return serving;
	}

}

package io.logagg.cli;

import java.util.List;
import java.util.concurrent.Callable;

import io.logagg.dashboard.ServeAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code logagg serve [ADDRESS:]PORT}: the live dashboard of the sources in a Redis that other
 * machines write to, without reading any log; {@code schedule --serve} serves the same beside its
 * ticks.
 */
@Command(name = "serve", sortOptions = false,
		description = "Serve the live dashboard of the sources in Redis at http://ADDRESS:PORT/ (127.0.0.1 unless an address "
				+ "is given; beyond it, a token is required), its data at /api/report, until stopped.")
final class ServeCommand implements Callable<Integer> {

	private static final Logger logger = LoggerFactory.getLogger(ServeCommand.class);

	@ParentCommand
	LogaggCommand parent;

	@Parameters(index = "0", paramLabel = "[ADDRESS:]PORT", converter = ServeAddressConverter.class,
			description = "Where to listen: 8080, 127.0.0.1:8080, 0.0.0.0:8080")
	ServeAddress at;

	@Mixin
	CommonOptions common;

	@Override
	public Integer call() throws Exception {
		List<String> settings = DashboardServing.settings(this.parent.launcher, this.common.settings(), this.at);
		try (ConfigurableApplicationContext context = this.parent.launcher.startServing(settings);
				StopSignals signals = StopSignals.install(this.parent.handleSignals, () -> {
				})) {
			logger.info("dashboard on http{}://{}/", context.getEnvironment().containsProperty("server.ssl.bundle")
					|| context.getEnvironment().containsProperty("server.ssl.certificate") ? "s" : "", this.at);
			while (!signals.await(Long.MAX_VALUE)) {
				// until a signal
			}
			return signals.exitCode();
		}
	}

}

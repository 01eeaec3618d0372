package io.logagg.cli;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.logagg.config.LogaggProperties;
import io.logagg.dashboard.ServeAddress;
import io.logagg.job.FleetRunner;
import io.logagg.job.FleetRunner.FleetSummary;
import io.logagg.job.IdleRun;
import io.logagg.job.LogaggJobRunner;
import io.logagg.job.RunMetrics;
import io.logagg.job.RunSummary;
import io.logagg.lock.SourceLockedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.support.CronExpression;

/**
 * {@code logagg schedule}: one long-lived process that runs the job on every tick of a cron
 * expression. Runs never overlap: a tick that comes while a run is going is skipped (and logged).
 */
@Command(name = "schedule", sortOptions = false,
		description = "Stay alive and run the job on every tick of a Spring cron expression (seconds minutes "
				+ "hours day-of-month month day-of-week), e.g. \"0 */5 * * * *\". Ticks that come while a run"
				+ " is still going are skipped. SIGTERM, SIGHUP or Ctrl-C stops it after the current chunk; it then "
				+ "exits 0.",
		footer = { "", "Exit codes: 0 stopped by a signal, 1 the job repository failed (a full data directory, say): "
				+ "a supervisor starts it afresh, 2 bad usage or configuration." })
final class ScheduleCommand implements Callable<Integer> {

	private static final Logger logger = LoggerFactory.getLogger(ScheduleCommand.class);

	/** The wait before the next tick long enough to collect the heap before it. */
	private static final Duration GIVE_BACK_BEFORE_WAIT = Duration.ofSeconds(10);

	@ParentCommand
	LogaggCommand parent;

	@Spec
	CommandSpec spec;

	@Option(names = "--cron", required = true, paramLabel = "EXPR", description = "When to run, e.g. \"0 */5 * * * *\"")
	String cron;

	@Option(names = "--metrics-port", paramLabel = "PORT",
			description = "Serve Actuator health and Prometheus metrics on this port, on 127.0.0.1 "
					+ "(logagg.metrics.port; default: off)")
	Integer metricsPort;

	@Option(names = "--serve", paramLabel = "[ADDRESS:]PORT", converter = ServeAddressConverter.class,
			description = "Serve the live dashboard here too (127.0.0.1 unless an address is given; beyond it, a token is required)")
	ServeAddress serve;

	@Mixin
	InputOptions input;

	@Mixin
	CommonOptions common;

	@Override
	public Integer call() throws Exception {
		CronExpression schedule;
		try {
			schedule = CronExpression.parse(this.cron);
		}
		catch (IllegalArgumentException ex) {
			throw new ParameterException(this.spec.commandLine(), "invalid --cron '" + this.cron + "': " + ex.getMessage());
		}
		if (schedule.next(LocalDateTime.now()) == null) {
			throw new ParameterException(this.spec.commandLine(),
					"--cron '" + this.cron + "' never fires (no such date in any year): nothing would ever run");
		}
		this.input.requireOneKindOfInput(this.spec.commandLine());
		List<String> settings = new ArrayList<>(this.common.settings());
		settings.addAll(this.input.settings());
		if (this.metricsPort != null) {
			settings.add("--logagg.metrics.port=" + this.metricsPort);
		}
		try (ConfigurableApplicationContext context = start(settings)) {
			LogaggJobRunner runner = context.getBean(LogaggJobRunner.class);
			IdleRun idle = context.getBean(IdleRun.class);
			RunMetrics metrics = context.getBean(RunMetrics.class);
			FleetRunner fleet = context.getBean(FleetRunner.class);
			try (StopSignals signals = StopSignals.install(this.parent.handleSignals,
					this.input.allSources ? fleet::stop : runner::stop)) {
				this.signals = signals;
				return loop(schedule, this.input.allSources ? () -> tick(fleet) : () -> tick(idle, metrics, runner), signals);
			}
		}
	}

	/** The stop signals of the running loop: a run they stopped is no failure. */
	private StopSignals signals;

	/** A tick's failure that later ticks cannot get past in this process. */
	private static final class UnrecoverableFailure extends RuntimeException {

		UnrecoverableFailure(Throwable cause) {
			super(cause);
		}

	}

	/**
	 * Logs why a run failed, in one line: as a stop when a signal stopped it. A failure of the job
	 * repository (H2 closes its database for good after a full disk, say) ends the loop instead of
	 * failing every later tick: the supervisor (systemd's {@code Restart=on-failure}) starts a new
	 * process, which opens it afresh.
	 */
	private void failed(String what, Throwable failure) {
		if (this.signals != null && this.signals.received()) {
			logger.info("{} stopped by a signal: the next run goes on from the last committed chunk", what);
			return;
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof java.sql.SQLException) {
				throw new UnrecoverableFailure(failure);
			}
		}
		logger.error("{} failed: {}", what, FailureMessage.of(failure));
	}

	/**
	 * The context, with Actuator's health and Prometheus endpoints on {@code logagg.metrics.port}
	 * when it is set. Whether it is set is known only once the settings are read, so a first,
	 * plain context reads them and makes way for a web one when needed.
	 */
	private ConfigurableApplicationContext start(List<String> settings) {
		if (this.serve != null) {
			ConfigurableApplicationContext context = this.parent.launcher
				.startServing(DashboardServing.settings(this.parent.launcher, settings, this.serve));
			logger.info("dashboard on http://{}/", this.serve);
			return context;
		}
		ConfigurableApplicationContext plain = this.parent.launcher.start(settings);
		LogaggProperties.Metrics metrics = plain.getBean(LogaggProperties.class).metrics();
		if (metrics.port() == 0) {
			return plain;
		}
		plain.close();
		List<String> web = new ArrayList<>(settings);
		web.addAll(List.of("--server.port=" + metrics.port(), "--server.address=" + metrics.address(),
				"--management.endpoints.web.exposure.include=health,prometheus",
				"--management.endpoint.health.show-components=always"));
		ConfigurableApplicationContext context = this.parent.launcher.start(web, WebApplicationType.SERVLET);
		logger.info("health and metrics on http://{}:{}/actuator/health and /actuator/prometheus", metrics.address(),
				metrics.port());
		return context;
	}

	private int loop(CronExpression schedule, Runnable tick, StopSignals signals) throws Exception {
		LocalDateTime next = schedule.next(LocalDateTime.now());
		logger.info("scheduled with \"{}\"; next run at {}", this.cron, next);
		while (next != null && !signals.received()) {
			long wait = ChronoUnit.MILLIS.between(LocalDateTime.now(), next);
			if (wait > 0 && signals.await(wait)) {
				break;
			}
			try {
				tick.run();
			}
			catch (UnrecoverableFailure ex) {
				logger.error("the job repository failed ({}); exiting so that the supervisor starts logagg afresh",
						FailureMessage.of(ex.getCause()));
				return ExitCodes.JOB_FAILED;
			}
			LocalDateTime after = schedule.next(LocalDateTime.now());
			int skipped = 0;
			for (LocalDateTime t = schedule.next(next); t != null && t.isBefore(after); t = schedule.next(t)) {
				skipped++;
			}
			if (skipped > 0) {
				logger.warn("skipped {} tick(s) while the previous run was still going", skipped);
			}
			next = after;
			if (ChronoUnit.MILLIS.between(LocalDateTime.now(), next) > GIVE_BACK_BEFORE_WAIT.toMillis()) {
				// The serial collector that bin/logagg gives the daemon returns heap to the system
				// only after a full collection. One now, when all of the tick's garbage is dead, keeps
				// the daemon's memory small while it waits.
				System.gc();
			}
		}
		return ExitCodes.OK;
	}

	/** One run of every listed source: a summary line each; a source that failed is logged, the others committed. */
	private void tick(FleetRunner fleet) {
		try {
			FleetSummary summary = fleet.run();
			summary.sources().forEach(source -> {
				this.spec.commandLine().getOut().println(source.line());
				if (source.failure() != null) {
					failed("source " + source.source(), source.failure());
				}
			});
			this.spec.commandLine().getOut().flush();
			if (summary.failure() != null) {
				failed("run", summary.failure());
			}
		}
		catch (UnrecoverableFailure ex) {
			throw ex;
		}
		catch (Exception ex) {
			failed("run", ex);
		}
	}

	/**
	 * One run: as {@code run} does, a tick with nothing new is done with Redis alone and records no
	 * job execution (the job repository would grow by one per tick), while the last-run meters
	 * still move.
	 */
	private void tick(IdleRun idle, RunMetrics metrics, LogaggJobRunner runner) {
		try {
			Optional<RunSummary> nothingNew = idle.runIfNothingNew();
			if (nothingNew.isPresent()) {
				metrics.ranIdle(nothingNew.get());
			}
			RunSummary summary = nothingNew.isPresent() ? nothingNew.get() : runner.run();
			this.spec.commandLine().getOut().println(summary.line());
			this.spec.commandLine().getOut().flush();
			if (summary.failure() != null) {
				failed("run", summary.failure());
			}
		}
		catch (SourceLockedException ex) {
			logger.warn("skipped a tick: {}", ex.getMessage());
		}
		catch (UnrecoverableFailure ex) {
			throw ex;
		}
		catch (Exception ex) {
			failed("run", ex);
		}
	}

}

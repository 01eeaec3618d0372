package io.logagg.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import io.logagg.LogaggApplication;
import io.logagg.config.SettingsConfiguration;
import io.logagg.dashboard.DashboardConfiguration;
import io.logagg.job.IdleRunConfiguration;
import io.logagg.report.ReadingConfiguration;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Starts the Spring context a command works in. Settings arrive as Spring Boot command-line
 * arguments ({@code --logagg.chunk-size=500}), which outrank {@code config/application.yml} and
 * environment variables, as Spring Boot documents.
 */
final class ApplicationLauncher {

	/**
	 * Auto-configurations that only {@code schedule}'s web endpoints use: Actuator, Micrometer,
	 * health, observation and the servlet stack. A context without a web server leaves them out;
	 * evaluating and building them was about a fifth of an idle {@code run}.
	 */
	private static final List<String> WEB_ONLY_PACKAGES = List.of("org.springframework.boot.actuate.",
			"org.springframework.boot.micrometer.", "org.springframework.boot.health.",
			"org.springframework.boot.webmvc.", "org.springframework.boot.tomcat.", "org.springframework.boot.servlet.",
			"org.springframework.boot.netty.", "org.springframework.boot.http.converter.");

	private static final List<String> WEB_ONLY_PARTS = List.of(".actuate.", ".health.", ".metrics.", ".observation.");

	/**
	 * Auto-configurations that no logagg command uses (no JMX, AOP, task executors, reactive or
	 * repository Redis, JTA or JNDI, no {@code @Transactional} or {@code @Repository}: Spring Batch
	 * makes its own transactions), left out with the web-only ones: an idle {@code run} with a CDS
	 * archive went from 2.49 s to 2.31 s (mean of 6, interleaved) on a two-core machine.
	 */
	private static final List<String> UNUSED = List.of(
			"org.springframework.boot.autoconfigure.admin.SpringApplicationAdminJmxAutoConfiguration",
			"org.springframework.boot.autoconfigure.aop.AopAutoConfiguration",
			"org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration",
			"org.springframework.boot.autoconfigure.context.MessageSourceAutoConfiguration",
			"org.springframework.boot.autoconfigure.info.ProjectInfoAutoConfiguration",
			"org.springframework.boot.autoconfigure.jmx.JmxAutoConfiguration",
			"org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration",
			"org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration",
			"org.springframework.boot.data.autoconfigure.web.DataWebAutoConfiguration",
			"org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
			"org.springframework.boot.jdbc.autoconfigure.JndiDataSourceAutoConfiguration",
			"org.springframework.boot.jdbc.autoconfigure.XADataSourceAutoConfiguration",
			"org.springframework.boot.persistence.autoconfigure.PersistenceExceptionTranslationAutoConfiguration",
			"org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
			"org.springframework.boot.transaction.jta.autoconfigure.JtaAutoConfiguration");

	/**
	 * Jackson, which only the commands that print JSON use ({@code report}, {@code status},
	 * {@code sources}): left out of the others, it is 500 classes fewer in {@code schedule}'s memory
	 * and in every {@code run}'s start.
	 */
	private static final String JSON_ONLY = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration";

	private static final String EXCLUDE = "spring.autoconfigure.exclude";

	private final List<String> settings;

	private final Class<?>[] extraSources;

	/**
	 * @param settings {@code --key=value} arguments given on the command line
	 * @param extraSources further configuration classes (tests add fault injection this way)
	 */
	ApplicationLauncher(List<String> settings, Class<?>... extraSources) {
		this.settings = List.copyOf(settings);
		this.extraSources = extraSources.clone();
	}

	/** The {@code --key=value} settings given on the command line. */
	List<String> settings() {
		return this.settings;
	}

	/**
	 * Starts a context with the command line's settings plus those a command derives from its
	 * options, without JSON.
	 */
	ConfigurableApplicationContext start(List<String> optionSettings) {
		return start(optionSettings, WebApplicationType.NONE, false, new Class<?>[0]);
	}

	/** As {@link #start(List)}, with Jackson's {@code JsonMapper}. */
	ConfigurableApplicationContext startWithJson(List<String> optionSettings) {
		return start(optionSettings, WebApplicationType.NONE, true, new Class<?>[0]);
	}

	/** As {@link #start(List)}, with an embedded web server (and JSON) when {@code type} asks for one. */
	ConfigurableApplicationContext start(List<String> optionSettings, WebApplicationType type) {
		return start(optionSettings, type, true, new Class<?>[0]);
	}

	/**
	 * As {@link #start(List)}, with the dashboard served (and Actuator's endpoints, when
	 * {@code logagg.metrics.port} is set, on that port of their own).
	 */
	ConfigurableApplicationContext startServing(List<String> optionSettings) {
		return start(optionSettings, WebApplicationType.SERVLET, true, DashboardConfiguration.class);
	}

	private ConfigurableApplicationContext start(List<String> optionSettings, WebApplicationType type, boolean json,
			Class<?>... more) {
		SpringApplicationBuilder application = new SpringApplicationBuilder(LogaggApplication.class)
			.sources(this.extraSources)
			.sources(more)
			.web(type);
		if (type == WebApplicationType.NONE) {
			// A default property, the lowest precedence: an operator's own exclusions replace these,
			// which costs start-up time, never a bean they asked for.
			application.properties(Map.of(EXCLUDE, webOnlyAutoConfigurations() + (json ? "" : "," + JSON_ONLY)));
		}
		return run(application, optionSettings);
	}

	/**
	 * Starts the small context of a run that may find nothing new: the settings and Redis only
	 * ({@link IdleRunConfiguration}), a fraction of the job's start-up.
	 */
	ConfigurableApplicationContext startIdleRun(List<String> optionSettings) {
		return startIdleRunUnless(environment -> false, optionSettings).orElseThrow();
	}

	/**
	 * As {@link #startIdleRun(List)}, unless {@code jobWanted} tells from the settings alone that
	 * the run will need the job's context: then it stops once they are read and returns empty.
	 */
	Optional<ConfigurableApplicationContext> startIdleRunUnless(Predicate<Environment> jobWanted,
			List<String> optionSettings) {
		SpringApplicationBuilder application = new SpringApplicationBuilder(IdleRunConfiguration.class)
			.web(WebApplicationType.NONE)
			.listeners((ApplicationListener<ApplicationEnvironmentPreparedEvent>) event -> {
				if (jobWanted.test(event.getEnvironment())) {
					throw new SpringApplication.AbandonedRunException();
				}
			});
		try {
			return Optional.of(run(application, optionSettings));
		}
		catch (SpringApplication.AbandonedRunException ex) {
			return Optional.empty();
		}
	}

	/** Starts the context of a command that only reads Redis ({@link ReadingConfiguration}): no job, no job repository. */
	ConfigurableApplicationContext startReadingOnly(List<String> optionSettings) {
		return run(new SpringApplicationBuilder(ReadingConfiguration.class).sources(this.extraSources).web(WebApplicationType.NONE),
				optionSettings);
	}

	/** Starts a context of the settings alone: no Redis, no job. */
	ConfigurableApplicationContext startSettingsOnly(List<String> optionSettings) {
		return run(new SpringApplicationBuilder(SettingsConfiguration.class).web(WebApplicationType.NONE), optionSettings);
	}

	private ConfigurableApplicationContext run(SpringApplicationBuilder application, List<String> optionSettings) {
		// One value per setting, options last so that they win: Spring Boot would join two values
		// of one name given on the command line with a comma.
		Map<String, String> byName = new LinkedHashMap<>();
		for (String setting : this.settings) {
			byName.put(setting.substring(0, setting.indexOf('=')), setting);
		}
		for (String setting : optionSettings) {
			byName.put(setting.substring(0, setting.indexOf('=')), setting);
		}
		List<String> args = new ArrayList<>(byName.values());
		return application.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.initializers((context) -> context.getBeanFactory()
				.registerSingleton(BundlelessMessageSource.BEAN_NAME, new BundlelessMessageSource()))
			.run(args.toArray(String[]::new));
	}

	private static String webOnlyAutoConfigurations() {
		Iterable<String> candidates = ImportCandidates.load(AutoConfiguration.class, ApplicationLauncher.class.getClassLoader());
		return StreamSupport.stream(candidates.spliterator(), false)
			.filter(name -> WEB_ONLY_PACKAGES.stream().anyMatch(name::startsWith)
					|| WEB_ONLY_PARTS.stream().anyMatch(name::contains) || UNUSED.contains(name))
			.collect(Collectors.joining(","));
	}

}

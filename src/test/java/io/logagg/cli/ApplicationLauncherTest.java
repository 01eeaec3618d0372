package io.logagg.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.sql.DataSource;

import io.logagg.job.IdleRun;
import io.logagg.job.LogaggJobRunner;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.NoSuchMessageException;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.core.task.TaskExecutor;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** What a context without a web server is built from: only what the commands use. */
class ApplicationLauncherTest {

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	@TempDir
	Path data;

	private List<String> settings(String... extra) {
		List<String> settings = new ArrayList<>(List.of("--spring.data.redis.url=" + redis.url(), "--logagg.data-dir=" + this.data));
		settings.addAll(List.of(extra));
		return settings;
	}

	@Test
	void contextWithoutWebServerLeavesOutAutoConfigurationsNoCommandUses() {
		try (ConfigurableApplicationContext context = new ApplicationLauncher(settings()).start(List.of())) {
			assertThat(context.getBeansOfType(LogaggJobRunner.class)).hasSize(1);
			assertThat(context.getBeansOfType(JsonMapper.class)).as("JSON, which only the reading commands print").isEmpty();
			assertThat(context.getBeansOfType(TaskExecutor.class)).isEmpty();
			assertThat(context.getBeansOfType(ReactiveStringRedisTemplate.class)).isEmpty();
			assertThat(context.containsBean("mbeanExporter")).isFalse();
		}
	}

	@Test
	void readingCommandsContextHasJson() {
		try (ConfigurableApplicationContext context = new ApplicationLauncher(settings()).startWithJson(List.of())) {
			assertThat(context.getBeansOfType(JsonMapper.class)).as("report --json, status --json, sources --json").hasSize(1);
			assertThat(context.getBeansOfType(TaskExecutor.class)).isEmpty();
		}
	}

	@Test
	void aRunsContextsRegisterNoRedisPoolWithJmxAndStartNoListenerContainer() throws Exception {
		MBeanServer server = ManagementFactory.getPlatformMBeanServer();
		ObjectName pools = new ObjectName("org.apache.commons.pool2:*");
		int before = server.queryNames(pools, null).size();
		ApplicationLauncher launcher = new ApplicationLauncher(settings());
		try (ConfigurableApplicationContext idle = launcher.startIdleRun(List.of());
				ConfigurableApplicationContext job = launcher.start(List.of())) {
			idle.getBean(StringRedisTemplate.class).hasKey("any");
			job.getBean(StringRedisTemplate.class).hasKey("any");

			assertThat(server.queryNames(pools, null)).as("pools registered as MBeans").hasSize(before);
			assertThat(job.getBeanNamesForType(RedisMessageListenerContainer.class)).isEmpty();
			assertThat(job.getBeanNamesForType(TransactionTemplate.class)).isEmpty();
		}
	}

	@Test
	void operatorsOwnExclusionsReplaceTheDefaultOnes() {
		List<String> settings = settings(
				"--spring.autoconfigure.exclude=org.springframework.boot.autoconfigure.info.ProjectInfoAutoConfiguration");
		try (ConfigurableApplicationContext context = new ApplicationLauncher(settings).start(List.of())) {
			assertThat(context.getBeansOfType(LogaggJobRunner.class)).hasSize(1);
			assertThat(context.getBeansOfType(TaskExecutor.class)).isNotEmpty();
		}
	}

	@Test
	void idleRunContextHoldsRedisButNoJobRepository() {
		try (ConfigurableApplicationContext context = new ApplicationLauncher(settings()).startIdleRun(List.of())) {
			assertThat(context.getBeansOfType(IdleRun.class)).hasSize(1);
			assertThat(context.getBean(StringRedisTemplate.class).getConnectionFactory()).isNotNull();
			assertThat(context.getBeansOfType(DataSource.class)).as("no H2").isEmpty();
			assertThat(context.getBeansOfType(JobRepository.class)).isEmpty();
			assertThat(context.getBeansOfType(LogaggJobRunner.class)).isEmpty();
		}
	}

	@Test
	void readingOnlyContextHoldsRedisAndJsonButNoJob() throws Exception {
		try (ConfigurableApplicationContext context = new ApplicationLauncher(settings()).startReadingOnly(List.of())) {
			assertThat(context.getBean(StringRedisTemplate.class).hasKey("any")).isFalse();
			JsonMapper json = context.getBean(JsonMapper.class);
			assertThat(json.writeValueAsString(new Nulls(null))).as("spring.jackson's inclusion, as the job's context").isEqualTo("{\"value\":null}");
			assertThat(context.getBeansOfType(DataSource.class)).as("no H2").isEmpty();
			assertThat(context.getBeansOfType(JobRepository.class)).isEmpty();
			assertThat(context.getBeansOfType(LogaggJobRunner.class)).isEmpty();
		}
	}

	/** A record with a null component. */
	record Nulls(String value) {
	}

	@Test
	void contextsAnswerMessagesWithTheirDefaultWithoutSpringsMessageSource() {
		try (ConfigurableApplicationContext context = new ApplicationLauncher(settings()).startIdleRun(List.of())) {
			assertThat(context.getBean(AbstractApplicationContext.MESSAGE_SOURCE_BEAN_NAME)).isInstanceOf(BundlelessMessageSource.class);
			assertThat(context.getMessage("any.code", new Object[] { 3 }, "{0} files", Locale.ROOT)).isEqualTo("3 files");
			assertThat(context.getMessage(new DefaultMessageSourceResolvable(new String[] { "a", "b" }, "plain"), Locale.ROOT))
				.isEqualTo("plain");
			assertThatExceptionOfType(NoSuchMessageException.class)
				.isThrownBy(() -> context.getMessage(new DefaultMessageSourceResolvable("b"), Locale.ROOT));
		}
	}

}

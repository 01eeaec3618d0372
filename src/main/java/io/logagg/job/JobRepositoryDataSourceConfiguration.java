package io.logagg.job;

import java.nio.file.Path;

import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import io.logagg.config.LogaggProperties;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The job repository's database when none is configured: an H2 file database in
 * {@code <data-dir>/jobs}, so job history survives the process.
 *
 * <p>{@code WRITE_DELAY=0} makes H2 write each commit at once: with its default delay, a kill -9
 * loses the last second of job history (Redis, not H2, holds the checkpoint, so no line is lost
 * either way, but {@code status} would show stale executions). {@code AUTO_SERVER=TRUE} lets
 * several logagg processes share the file (runs of other sources, {@code status} during a run):
 * the first opens it and serves the others over a TCP port on 127.0.0.1 guarded by a random key in
 * the lock file; {@code AUTO_RECONNECT=TRUE} lets the others carry on when it exits.
 * {@code MAX_COMPACT_TIME=50}: H2 compacts the file when the last connection closes, for as long as
 * it is allowed (200 ms by default) whatever there is to do; a run's history needs a few
 * milliseconds, and the rest was a fifth of a cron tick (docs/design/journal.md). Without any, the
 * file grew without bound (20 MB after 120 runs keeping 20).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
public class JobRepositoryDataSourceConfiguration {

	private static final String H2_BIND_ADDRESS = "h2.bindAddress";

	@Bean
	@ConditionalOnMissingBean
	DataSource jobRepositoryDataSource(LogaggProperties properties) {
		// H2's auto-server listens on every interface unless told otherwise, before its first use.
		if (System.getProperty(H2_BIND_ADDRESS) == null) {
			System.setProperty(H2_BIND_ADDRESS, "127.0.0.1");
		}
		Path database = properties.dataDir().toAbsolutePath().normalize().resolve("jobs").resolve("logagg");
		HikariDataSource dataSource = DataSourceBuilder.create()
			.type(HikariDataSource.class)
			.driverClassName("org.h2.Driver")
			.url("jdbc:h2:file:" + database + ";WRITE_DELAY=0;AUTO_SERVER=TRUE;AUTO_RECONNECT=TRUE;MAX_COMPACT_TIME=50")
			.username("sa")
			.password("")
			.build();
		// Two processes opening the file at the same instant make one fail ("Lock file recently
		// modified"); Hikari keeps trying to get its first connection for this long instead.
		dataSource.setInitializationFailTimeout(Duration.ofSeconds(15).toMillis());
		return dataSource;
	}

}

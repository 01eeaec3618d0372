package io.logagg.job;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.batch.jdbc.autoconfigure.BatchDataSourceScriptDatabaseInitializer;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcProperties;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Spring Batch's schema script, run only when the job repository has no tables yet.
 *
 * <p>Spring Boot's {@code initialize-schema: always} runs the script at every start, and on an
 * existing H2 file database each of its {@code CREATE} statements fails; H2 writes every failure,
 * with its stack trace, to {@code <data-dir>/jobs/logagg.trace.db}: about 27 KB a run, some 8 MB
 * a day from a five-minute cron, up to H2's trace file limit. Errors there should mean trouble.
 */
class JobRepositorySchemaInitializer extends BatchDataSourceScriptDatabaseInitializer {

	private static final Logger logger = LoggerFactory.getLogger(JobRepositorySchemaInitializer.class);

	private static final String DEFAULT_TABLE_PREFIX = "BATCH_";

	/** The job instance table's name, without the schema a prefix may name ("ops.BATCH_"). */
	private final String instanceTable;

	JobRepositorySchemaInitializer(DataSource dataSource, BatchJdbcProperties properties) {
		super(dataSource, properties);
		String prefix = (properties.getTablePrefix() != null) ? properties.getTablePrefix() : DEFAULT_TABLE_PREFIX;
		this.instanceTable = prefix.substring(prefix.lastIndexOf('.') + 1) + "JOB_INSTANCE";
	}

	@Override
	public boolean initializeDatabase() {
		if (schemaExists()) {
			logger.debug("job repository table {} exists; schema script not run", this.instanceTable);
			return false;
		}
		return super.initializeDatabase();
	}

	/** Whether the job instance table exists, in any case: databases fold unquoted names differently. */
	private boolean schemaExists() {
		Connection connection = DataSourceUtils.getConnection(getDataSource());
		try {
			DatabaseMetaData metadata = connection.getMetaData();
			String table = this.instanceTable;
			for (String name : new String[] { table, table.toUpperCase(Locale.ROOT), table.toLowerCase(Locale.ROOT) }) {
				try (ResultSet tables = metadata.getTables(null, null, name, null)) {
					if (tables.next()) {
						return true;
					}
				}
			}
			return false;
		}
		catch (SQLException ex) {
			// Let the script run and report what is wrong with the database in its own words.
			logger.debug("could not look for job repository table {}: {}", this.instanceTable, ex.toString());
			return false;
		}
		finally {
			DataSourceUtils.releaseConnection(connection, getDataSource());
		}
	}

}

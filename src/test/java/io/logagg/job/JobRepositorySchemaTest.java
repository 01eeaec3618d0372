package io.logagg.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.logagg.support.CliRun;
import io.logagg.support.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The H2 job repository gets its tables once, and later starts leave no errors behind. */
class JobRepositorySchemaTest {

	@RegisterExtension
	static RedisServerExtension redis = new RedisServerExtension();

	@TempDir
	Path data;

	/** The file's text, or "" if there is none. */
	private static String readQuietly(Path file) {
		try {
			return Files.exists(file) ? Files.readString(file) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private CliRun run() {
		return CliRun.of("run", "--input", "sample-logs", "--redis-url", redis.url(), "--data-dir", this.data.toString(),
				"--logagg.snapshot.mode=none");
	}

	@Test
	void laterStartsFindTheTablesWithoutRunningTheSchemaScriptAgain() {
		CliRun first = run();
		CliRun second = run();
		CliRun status = CliRun.of("status", "--json", "--redis-url", redis.url(), "--data-dir", this.data.toString());

		assertThat(first.code()).as(first.toString()).isZero();
		assertThat(second.code()).as(second.toString()).isZero();
		assertThat(second.out()).contains("lines=0");
		assertThat(status.code()).as(status.toString()).isZero();
		// H2 writes errors to a trace file: each CREATE TABLE of a schema script run on existing
		// tables would add its stack trace there. (Under -ea, as in these tests, H2 may also log an
		// internal assertion of its compaction on close.)
		Path trace = this.data.resolve("jobs/logagg.trace.db");
		assertThat(readQuietly(trace)).doesNotContain("already exists");
		assertThat(this.data.resolve("jobs/logagg.mv.db")).exists();
	}

}

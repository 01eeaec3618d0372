package io.logagg.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class LastRunOutcomeTest {

	@TempDir
	Path dataDir;

	@Test
	void aRunThatReadLinesIsRememberedPerSource() {
		LastRunOutcome.of(this.dataDir, "web-01").record(true);
		LastRunOutcome.of(this.dataDir, "web-02").record(false);

		assertThat(LastRunOutcome.of(this.dataDir, "web-01").expectsLines()).isTrue();
		assertThat(LastRunOutcome.of(this.dataDir, "web-02").expectsLines()).isFalse();
		assertThat(LastRunOutcome.of(this.dataDir, "web-03").expectsLines()).as("never ran: its backlog").isTrue();
	}

	@Test
	void theLatestOutcomeWins() {
		LastRunOutcome outcome = LastRunOutcome.of(this.dataDir, "default");
		outcome.record(true);
		outcome.record(false);

		assertThat(outcome.expectsLines()).isFalse();
	}

	@Test
	void anySourceNameIsOneFileInsideTheDataDirectory() {
		LastRunOutcome outcome = LastRunOutcome.of(this.dataDir, "../../etc/passwd é *");
		outcome.record(true);

		assertThat(outcome.file().getParent()).isEqualTo(this.dataDir.resolve("last-run"));
		assertThat(outcome.expectsLines()).isTrue();
	}

	@Test
	void aDataDirectoryThatCannotBeWrittenChangesNothing() throws IOException {
		Path notADirectory = Files.writeString(this.dataDir.resolve("file"), "x");
		LastRunOutcome outcome = LastRunOutcome.of(notADirectory, "default");

		outcome.record(true);

		assertThat(outcome.expectsLines()).isFalse();
	}

}

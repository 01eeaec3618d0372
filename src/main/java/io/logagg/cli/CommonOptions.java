package io.logagg.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Option;

/** The options every command accepts; each maps onto a Spring Boot setting. */
final class CommonOptions {

	@Option(names = "--source", paramLabel = "NAME",
			description = "Source name, the Redis key namespace (logagg.source; default: default)")
	String source;

	@Option(names = "--redis-url", paramLabel = "URL",
			description = "Redis URL, e.g. redis://user:password@host:6379 (spring.data.redis.url; "
					+ "default: a private Redis in <data-dir>/redis)")
	String redisUrl;

	@Option(names = "--redis-ca-file", paramLabel = "PEM",
			description = "CA certificate(s) to trust for rediss:// URLs (sets the SSL bundle logagg-redis)")
	Path redisCaFile;

	@Option(names = "--data-dir", paramLabel = "DIR",
			description = "Job repository and embedded Redis files (logagg.data-dir; default: ./data)")
	Path dataDir;

	@Option(names = "--verbose", description = "Log more, and print stack traces of failures")
	boolean verbose;

	@Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help and exit")
	boolean help;

	/** The options given, as Spring Boot arguments. */
	List<String> settings() {
		List<String> settings = new ArrayList<>();
		if (this.source != null) {
			settings.add("--logagg.source=" + this.source);
		}
		if (this.redisUrl != null) {
			settings.add("--spring.data.redis.url=" + this.redisUrl);
		}
		if (this.redisCaFile != null) {
			settings.add("--spring.ssl.bundle.pem.logagg-redis.truststore.certificate=file:"
					+ this.redisCaFile.toAbsolutePath());
			settings.add("--spring.data.redis.ssl.bundle=logagg-redis");
		}
		if (this.dataDir != null) {
			settings.add("--logagg.data-dir=" + this.dataDir);
		}
		if (this.verbose) {
			settings.add("--logging.level.io.logagg=DEBUG");
			settings.add("--logging.level.org.springframework.batch=INFO");
			settings.add("--logging.level.org.springframework.boot.SpringApplication=ERROR");
		}
		return settings;
	}

}

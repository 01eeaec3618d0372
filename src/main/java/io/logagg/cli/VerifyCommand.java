package io.logagg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import io.logagg.config.LogaggProperties;
import io.logagg.redis.EmbeddedRedis;
import io.logagg.redis.RedisEndpoint;
import io.logagg.snapshot.PersistenceCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/** {@code logagg verify}: is Redis's persistence healthy? */
@Command(name = "verify", sortOptions = false,
		description = "Check Redis's persistence: INFO persistence on every server (last save status and age, AOF"
				+ " status); for the embedded Redis, or a server whose directory --redis-dir names, also "
				+ "redis-check-rdb and redis-check-aof on copies of its files.",
		footer = { "", "Exit codes: 0 healthy, 1 unhealthy (the reason is printed), 2 bad usage or unreachable "
				+ "Redis." })
final class VerifyCommand implements Callable<Integer> {

	@ParentCommand
	LogaggCommand parent;

	@Spec
	CommandSpec spec;

	@Option(names = "--redis-dir", paramLabel = "DIR", description = "The Redis server's working directory (its dir setting)")
	Path redisDirectory;

	@Mixin
	CommonOptions common;

	@Override
	public Integer call() throws Exception {
		try (ConfigurableApplicationContext context = this.parent.launcher.start(this.common.settings())) {
			RedisConnectionFactory connectionFactory = context.getBean(RedisConnectionFactory.class);
			RedisEndpoint.requireReachable(connectionFactory);
			Path files = this.redisDirectory;
			if (files == null && !context.getBeansOfType(EmbeddedRedis.class).isEmpty()) {
				files = context.getBean(LogaggProperties.class).dataDir().toAbsolutePath().normalize().resolve("redis");
			}
			List<PersistenceCheck.Finding> findings = PersistenceCheck.run(connectionFactory, files);
			PrintWriter out = this.spec.commandLine().getOut();
			boolean healthy = true;
			for (PersistenceCheck.Finding finding : findings) {
				out.println((finding.healthy() ? "ok        " : "UNHEALTHY ") + finding.text());
				healthy &= finding.healthy();
			}
			out.println(healthy ? "healthy" : "unhealthy");
			return healthy ? ExitCodes.OK : ExitCodes.JOB_FAILED;
		}
	}

}

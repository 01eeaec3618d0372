package io.logagg.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import org.springframework.boot.logging.LogFile;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.LoggingSystemFactory;
import org.springframework.boot.logging.logback.LogbackLoggingSystem;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.util.ClassUtils;

/**
 * Spring Boot's Logback system with logagg's configuration written in code: every log line on
 * stderr, which leaves stdout to the results that scripts parse (summary lines, JSON), and the
 * root logger at WARN ({@code logging.level.*} then sets the rest). Parsing the same as a
 * {@code logback-spring.xml} took 55 ms of every start. An operator's own {@code logging.config}
 * file, or a {@code logback.xml} on the class path, still replaces it.
 */
public final class StderrLoggingSystem extends LogbackLoggingSystem {

	/** Each line: time, level, class, message. */
	static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";

	public StderrLoggingSystem(ClassLoader classLoader) {
		super(classLoader);
	}

	/** No {@code logback-spring.xml} to look for: {@link #loadDefaults} is the configuration. */
	@Override
	protected String[] getSpringConfigLocations() {
		return new String[0];
	}

	@Override
	protected void loadDefaults(LoggingInitializationContext initializationContext, LogFile logFile) {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		context.stop();
		context.reset();
		if (SLF4JBridgeHandler.isInstalled()) {
			// As Spring Boot does: java.util.logging's levels follow Logback's, so that a disabled
			// JUL call is dropped before it is bridged.
			LevelChangePropagator levels = new LevelChangePropagator();
			levels.setResetJUL(true);
			levels.setContext(context);
			context.addListener(levels);
		}
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setContext(context);
		encoder.setPattern(PATTERN);
		encoder.start();
		ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
		stderr.setContext(context);
		stderr.setName("STDERR");
		stderr.setTarget("System.err");
		stderr.setEncoder(encoder);
		stderr.start();
		Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		root.setLevel(Level.WARN);
		root.addAppender(stderr);
		context.start();
	}

	/** Chosen ahead of Spring Boot's own Logback system, whenever Logback is there. */
	@Order(Ordered.HIGHEST_PRECEDENCE)
	public static final class Factory implements LoggingSystemFactory {

		private static final boolean LOGBACK = ClassUtils.isPresent("ch.qos.logback.classic.LoggerContext",
				Factory.class.getClassLoader());

		@Override
		public LoggingSystem getLoggingSystem(ClassLoader classLoader) {
			return LOGBACK ? new StderrLoggingSystem(classLoader) : null;
		}

	}

}

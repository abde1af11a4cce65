package io.aetherfs.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.aetherfs.server.config.ServerConfig;
import java.util.List;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * Configures logback from {@code [logging]} (spec §13.3): JSON lines ({@code timestamp, level, logger,
 * message, thread} plus the {@link LogFields} MDC keys) or a human-readable pattern, on stderr so
 * stdout stays free for command output; library noise is held at WARN. An operator who points
 * {@code -Dlogback.configurationFile} at their own file keeps it untouched.
 */
public final class LoggingSetup {
    /** Libraries whose INFO lines are noise for an operator. */
    static final List<String> QUIET_LOGGERS =
            List.of("com.linecorp.armeria", "io.netty", "io.grpc", "org.flywaydb", "org.sqlite", "com.zaxxer.hikari");

    /** Micrometer warns that it cannot bind metrics to the virtual-thread executor; that is expected. */
    static final String EXECUTOR_METRICS_LOGGER = "io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics";

    private static final String TEXT_PATTERN =
            "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} %-5level [%thread] %logger{36} - %msg%replace( %mdc){' $', ''}%n";

    private LoggingSetup() {}

    /** Replaces the logback configuration with one for {@code logging}. */
    public static void apply(ServerConfig.Logging logging) {
        if (System.getProperty("logback.configurationFile") != null
                || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.reset();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("stderr");
        appender.setTarget("System.err");
        appender.setEncoder(logging.format() == ServerConfig.LogFormat.JSON ? json(context) : text(context));
        appender.start();

        Level root = Level.toLevel(logging.level().name());
        Logger rootLogger = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLogger.setLevel(root);
        rootLogger.addAppender(appender);
        Level quiet = root.isGreaterOrEqual(Level.WARN) ? root : Level.WARN;
        for (String name : QUIET_LOGGERS) {
            context.getLogger(name).setLevel(quiet);
        }
        context.getLogger(EXECUTOR_METRICS_LOGGER).setLevel(Level.ERROR);
    }

    /** Flushes and stops logging (the last step of shutdown). */
    public static void stop() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }

    private static Encoder<ILoggingEvent> json(LoggerContext context) {
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.setTimeZone("UTC");
        encoder.setIncludeContext(false);
        encoder.getFieldNames().setTimestamp("timestamp");
        encoder.getFieldNames().setLogger("logger");
        encoder.getFieldNames().setThread("thread");
        encoder.getFieldNames().setStackTrace("stackTrace");
        encoder.getFieldNames().setVersion("[ignore]");
        encoder.getFieldNames().setLevelValue("[ignore]");
        encoder.setIncludeMdcKeyNames(LogFields.MDC_KEYS);
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> text(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(TEXT_PATTERN);
        encoder.start();
        return encoder;
    }
}

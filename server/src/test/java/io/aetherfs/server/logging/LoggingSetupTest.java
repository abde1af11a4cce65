package io.aetherfs.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aetherfs.server.config.ServerConfig.LogFormat;
import io.aetherfs.server.config.ServerConfig.LogLevel;
import io.aetherfs.server.config.ServerConfig.Logging;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class LoggingSetupTest {
    private static final Logger LOG = LoggerFactory.getLogger(LoggingSetupTest.class);

    private final PrintStream originalErr = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private String logWith(Logging logging, Runnable logging0) {
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            LoggingSetup.apply(logging);
            logging0.run();
        } finally {
            System.setErr(originalErr);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @AfterEach
    void restore() {
        MDC.clear();
        LoggingSetup.apply(new Logging(LogLevel.WARN, LogFormat.TEXT));
    }

    @Test
    void json_writesOneObjectPerLineWithSpecFieldsAndMdc() throws Exception {
        String text = logWith(new Logging(LogLevel.INFO, LogFormat.JSON), () -> {
            MDC.put(LogFields.REQUEST_ID, "req-1");
            MDC.put(LogFields.TENANT, "t-1");
            MDC.put("unlisted", "x");
            LOG.info("hello {}", "world");
        });

        JsonNode line =
                new ObjectMapper().readTree(text.lines().reduce((a, b) -> b).orElseThrow());
        assertThat(line.get("message").asText()).isEqualTo("hello world");
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("logger").asText()).isEqualTo(LoggingSetupTest.class.getName());
        assertThat(line.get("timestamp").asText()).endsWith("Z");
        assertThat(line.get("requestId").asText()).isEqualTo("req-1");
        assertThat(line.get("tenant").asText()).isEqualTo("t-1");
        assertThat(line.has("unlisted")).isFalse();
        assertThat(line.has("@version")).isFalse();
    }

    @Test
    void level_filtersBelowRootAndQuietsLibraries() {
        String text = logWith(new Logging(LogLevel.DEBUG, LogFormat.TEXT), () -> {
            LOG.trace("not shown");
            LOG.debug("debug shown");
            LoggerFactory.getLogger("com.linecorp.armeria.server.Server").info("armeria info hidden");
        });

        assertThat(text).contains("debug shown").doesNotContain("not shown", "armeria info hidden");
    }

    @Test
    void text_isHumanReadable() {
        String text = logWith(new Logging(LogLevel.INFO, LogFormat.TEXT), () -> LOG.warn("plain words"));

        assertThat(text).contains(" WARN ").contains("plain words").doesNotContain("{\"");
    }
}

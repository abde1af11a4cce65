package io.aetherfs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** One {@code afs} invocation in the test JVM: its exit status, stdout and stderr. */
record CliRun(int exit, byte[] stdout, String err) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs {@code args} with {@code env} and {@code stdin}, capturing the streams. */
    static CliRun run(Map<String, String> env, InputStream stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = Afs.run(new Shell(new HashMap<>(env), stdin, o, e, false), args);
        }
        return new CliRun(exit, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs {@code args} against {@code server} (AFS_ENDPOINT and AFS_AUTH_TOKEN set) with empty stdin. */
    static CliRun against(TestServer server, String... args) {
        return run(env(server), new ByteArrayInputStream(new byte[0]), args);
    }

    static Map<String, String> env(TestServer server) {
        return Map.of("AFS_ENDPOINT", server.endpoint(), "AFS_AUTH_TOKEN", server.token());
    }

    /** Returns stdout as text. */
    String out() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    /** Returns stdout parsed as JSON. */
    JsonNode json() {
        try {
            return JSON.readTree(stdout);
        } catch (IOException e) {
            throw new UncheckedIOException("stdout is not JSON: " + out() + "\nstderr: " + err, e);
        }
    }

    @Override
    public String toString() {
        return "exit " + exit + "\nstdout: " + out() + "\nstderr: " + err;
    }
}

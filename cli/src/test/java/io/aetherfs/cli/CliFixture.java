package io.aetherfs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aetherfs.client.AetherFsClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The base of the command ITs: one real server per class, afs runs against it, and set-up helpers. */
abstract class CliFixture {
    @TempDir
    static Path dir;

    static TestServer server;
    static AetherFsClient client;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
        client = server.client();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    /** Runs afs against the server. */
    static CliRun afs(String... args) {
        return CliRun.against(server, args);
    }

    /** Runs afs against the server with {@code stdin}. */
    static CliRun afsWithInput(byte[] stdin, String... args) {
        return CliRun.run(CliRun.env(server), new ByteArrayInputStream(stdin), args);
    }

    /** Runs afs with {@code --output json}; asserts it succeeded and returns the JSON. */
    static JsonNode json(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--output";
        all[args.length + 1] = "json";
        CliRun r = afs(all);
        assertThat(r.exit()).as(r.toString()).isZero();
        return r.json();
    }

    /** Creates a session through afs and returns its id. */
    static String newSession(String name) {
        return json("sessions", "create", "--name", name).get("id").asText();
    }

    /** Writes a text file through afs. */
    static void put(String session, String path, String content) {
        CliRun r = afsWithInput(content.getBytes(StandardCharsets.UTF_8), "files", "put", session, path);
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    /** Returns a file's content read through afs. */
    static String cat(String session, String path) {
        CliRun r = afs("files", "cat", session, path);
        assertThat(r.exit()).as(r.toString()).isZero();
        return r.out();
    }
}

package io.aetherfs.server.e2e;

import static io.aetherfs.server.e2e.ApiClient.JSON;
import static io.aetherfs.server.e2e.ApiClient.enc;
import static io.aetherfs.server.e2e.ApiClient.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Everything the servers acknowledged to the clients of a fault test (crash or node failure): the
 * {@link WriteLedger} of file writes, the checkpoints and the forks, and the check that a server's
 * state honours all of it. Shared by {@link CrashIT} and {@link NodeFailureIT} and filled by their
 * {@link WriteLoad}s.
 */
final class Acknowledged {
    private static final int READERS = 8;

    final WriteLedger ledger = new WriteLedger();
    /** Acknowledged checkpoints: checkpoint id → session, fingerprint. */
    private final Map<String, String[]> checkpoints = new ConcurrentHashMap<>();
    /** Acknowledged forks: child id → fingerprint at the fork. */
    private final Map<String, String> forks = new ConcurrentHashMap<>();

    /** Records an acknowledged checkpoint (the JSON answer of {@code POST .../checkpoints}) of {@code session}. */
    void checkpoint(String session, JsonNode answer) {
        checkpoints.put(
                answer.path("checkpointId").asText(),
                new String[] {session, answer.path("fingerprint").asText()});
    }

    /** Records an acknowledged fork (the JSON answer of {@code POST .../fork}). */
    void fork(JsonNode answer) {
        forks.put(answer.path("id").asText(), answer.path("fingerprint").asText());
    }

    /** Returns how many checkpoints and forks were acknowledged. */
    int checkpointsAndForks() {
        return checkpoints.size() + forks.size();
    }

    /**
     * Before any fault: files, a checkpoint (which flushes the root), a fork and writes in the fork, so
     * the state checked afterwards holds stored roots as well as unfolded logs.
     */
    void prepare(ApiClient api, String session) {
        for (int i = 0; i < 20; i++) {
            write(api, session, "base/f" + i, ("base " + i + "\n").repeat(i + 1).getBytes(StandardCharsets.UTF_8));
        }
        checkpoint(
                session,
                ok(api.post(
                                "/v1/sessions/" + session + "/checkpoints",
                                JSON.createObjectNode().put("name", "prepared")))
                        .json());
        String child = ok(api.post("/v1/sessions/" + session + "/fork", "{}"))
                .json()
                .path("id")
                .asText();
        write(api, child, "child-only.txt", "only in the child".getBytes(StandardCharsets.UTF_8));
        forks.put(child, api.fingerprint(child));
    }

    /** {@link #prepare}s session i through node i, all nodes at once (each also warms its session up). */
    void prepareEach(List<ApiClient> nodes, List<String> sessions) throws Exception {
        try (ExecutorService preparers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> prepared = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                ApiClient node = nodes.get(i);
                String session = sessions.get(i);
                prepared.add(preparers.submit(() -> prepare(node, session)));
            }
            for (Future<?> f : prepared) {
                f.get();
            }
        }
    }

    private void write(ApiClient api, String session, String path, byte[] content) {
        WriteLedger.Key key = new WriteLedger.Key(session, path);
        int index = ledger.attempt(key, content);
        api.write(session, path, content);
        ledger.ack(key, index);
    }

    /**
     * Checks the state {@code api}'s server serves against everything acknowledged: every file holds its
     * last acknowledged content or a later attempted one, no unanswered batch happened partly, every
     * checkpoint and fork has its fingerprint, a fork's files match their hashes, and the events of
     * {@code sessions} are gapless. Then takes the observed files as the acknowledged state, so a later
     * check (after another crash, or through another node) must find exactly it.
     */
    void verify(ApiClient api, List<String> sessions) throws Exception {
        Map<WriteLedger.Key, Optional<byte[]>> observed = new ConcurrentHashMap<>();
        List<WriteLedger.Key> keys = ledger.keys();
        ExecutorService readers = Executors.newFixedThreadPool(READERS);
        try {
            List<Future<?>> reads = new ArrayList<>();
            for (WriteLedger.Key key : keys) {
                reads.add(readers.submit(() -> observed.put(key, read(api, key))));
            }
            for (Future<?> f : reads) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            readers.shutdown();
        }
        List<String> violations = new ArrayList<>();
        for (WriteLedger.Key key : keys) {
            ledger.violation(key, observed.get(key)).ifPresent(violations::add);
        }
        violations.addAll(ledger.tornBatches(observed));
        assertThat(violations).as("of %d files", keys.size()).isEmpty();
        ledger.settle(observed);

        for (Map.Entry<String, String[]> c : checkpoints.entrySet()) {
            JsonNode got = ok(api.get("/v1/sessions/" + c.getValue()[0] + "/checkpoints/" + c.getKey()))
                    .json();
            assertThat(got.path("fingerprint").asText())
                    .as("checkpoint %s", c.getKey())
                    .isEqualTo(c.getValue()[1]);
        }
        for (Map.Entry<String, String> f : forks.entrySet()) {
            assertThat(api.fingerprint(f.getKey())).as("fork %s", f.getKey()).isEqualTo(f.getValue());
        }
        String someFork = forks.keySet().iterator().next();
        assertEveryFileMatchesItsHash(api, someFork);
        for (String session : sessions) {
            List<JsonNode> events = api.events(session);
            for (int i = 0; i < events.size(); i++) {
                assertThat(events.get(i).path("sequence").asLong())
                        .as("event sequence of %s", session)
                        .isEqualTo(i + 1);
            }
        }
    }

    private static Optional<byte[]> read(ApiClient api, WriteLedger.Key key) {
        ApiClient.Reply r = api.get("/v1/sessions/" + key.session() + "/files?path=" + enc(key.path()));
        if (r.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(ok(r).bytes());
    }

    /** Reads every file of a session and checks its bytes against the manifest's content hash. */
    private static void assertEveryFileMatchesItsHash(ApiClient api, String session) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (JsonNode e : api.manifest(session)) {
            if (e.path("type").asText().equals("ENTRY_TYPE_FILE")) {
                byte[] bytes = api.read(session, e.path("path").asText());
                assertThat(HexFormat.of().formatHex(sha.digest(bytes)))
                        .as("%s in %s", e.path("path").asText(), session)
                        .isEqualTo(e.path("contentHash").asText());
            }
        }
    }
}

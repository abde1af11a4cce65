package io.aetherfs.server.e2e;

import static io.aetherfs.server.e2e.ApiClient.JSON;
import static io.aetherfs.server.e2e.ApiClient.enc;
import static io.aetherfs.server.e2e.ApiClient.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test of the issue: the packaged server runs as its own process; eight writer threads of
 * this JVM (the clients) send raw PUTs, batches, checkpoints and forks with distinct contents and note
 * every acknowledgement; the server is killed with SIGKILL while writes are in flight and restarted on
 * the same data directory. Every acknowledged write must read back byte-exact, every file must hold
 * content that was written to it (never a torn mix), an unanswered batch must have happened wholly or
 * not at all, and {@code fsck} must be clean, both on the crashed directory and after a graceful stop.
 * The kill/restart cycle runs twice.
 */
@Tag("slow")
class CrashIT {
    private static final String TENANT = "9d3b2c1a-4e5f-4a6b-8c7d-0e1f2a3b4c5d";
    private static final int WRITERS = 8;
    private static final long LOAD_MILLIS = 2500;

    @TempDir
    Path dir;

    private final List<ServerProcess> started = new ArrayList<>();
    private final WriteLedger ledger = new WriteLedger();
    /** Acknowledged checkpoints: session, checkpoint id → fingerprint. */
    private final Map<String, String[]> checkpoints = new ConcurrentHashMap<>();
    /** Acknowledged forks: child id → fingerprint at the fork. */
    private final Map<String, String> forks = new ConcurrentHashMap<>();

    @AfterEach
    void killServers() {
        started.forEach(ServerProcess::close);
    }

    @Test
    void sigkillDuringWrites_twice_everyAcknowledgedWriteSurvivesAndFsckIsClean() throws Exception {
        Path data = dir.resolve("data");
        Path log = dir.resolve("server.log");
        ServerProcess server = start(data, log);
        ApiClient api = client(server);
        List<String> sessions = List.of(api.newSession("crash-a"), api.newSession("crash-b"));
        prepare(api, sessions.getFirst());

        for (int cycle = 1; cycle <= 2; cycle++) {
            Load load = new Load(api, sessions, cycle);
            load.start();
            Thread.sleep(LOAD_MILLIS);
            int inFlight = load.inFlight.get();
            long pid = server.pid();
            int exit = server.kill();
            load.join();

            assertThat(exit).as("exit code after SIGKILL").isEqualTo(137);
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
            assertThat(load.failures)
                    .as("answers other than 200 before the kill")
                    .isEmpty();
            assertThat(inFlight).as("requests in flight at the kill").isPositive();
            assertThat(load.acknowledged.get())
                    .as("writes acknowledged in cycle %d", cycle)
                    .isGreaterThanOrEqualTo(20);

            long t0 = System.nanoTime();
            ServerProcess.Result crashedFsck = fsck(data, log);
            assertThat(crashedFsck.exitCode()).as(crashedFsck.output()).isZero();
            long t1 = System.nanoTime();
            server = start(data, log);
            api = client(server);
            long t2 = System.nanoTime();
            verify(api, sessions);
            System.out.printf(
                    "CrashIT cycle %d: %d requests acknowledged, %d in flight at the kill;"
                            + " fsck %d ms, restart %d ms, verify %d ms%n",
                    cycle,
                    load.acknowledged.get(),
                    inFlight,
                    (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000,
                    (System.nanoTime() - t2) / 1_000_000);
        }

        assertThat(server.stop()).as("exit code after SIGTERM").isEqualTo(143);
        ServerProcess.Result fsck = fsck(data, log);
        assertThat(fsck.exitCode()).as(fsck.output()).isZero();
        assertThat(fsck.output()).contains("fsck:").containsPattern("(?m)^clean$");
    }

    private ServerProcess start(Path data, Path log) throws Exception {
        ServerProcess s = ServerProcess.start(data, log);
        started.add(s);
        return s;
    }

    private ApiClient client(ServerProcess server) {
        return ApiClient.of(server.port(), TENANT, "writer").withoutLog();
    }

    private ServerProcess.Result fsck(Path data, Path log) throws Exception {
        return ServerProcess.run(dir, log, "fsck", "--data-dir", data.toString());
    }

    /**
     * Before any crash: files, a checkpoint (which flushes the root), a fork and writes in the fork, so
     * the restarted server loads stored roots as well as unfolded logs.
     */
    private void prepare(ApiClient api, String session) {
        for (int i = 0; i < 20; i++) {
            write(api, session, "base/f" + i, ("base " + i + "\n").repeat(i + 1).getBytes(StandardCharsets.UTF_8));
        }
        checkpoint(api, session, "prepared");
        String child = fork(api, session);
        write(api, child, "child-only.txt", bytes("only in the child"));
        forks.put(child, api.fingerprint(child));
    }

    private void write(ApiClient api, String session, String path, byte[] content) {
        WriteLedger.Key key = new WriteLedger.Key(session, path);
        int index = ledger.attempt(key, content);
        api.write(session, path, content);
        ledger.ack(key, index);
    }

    private void checkpoint(ApiClient api, String session, String name) {
        JsonNode c = ok(api.post(
                        "/v1/sessions/" + session + "/checkpoints",
                        JSON.createObjectNode().put("name", name)))
                .json();
        checkpoints.put(
                c.path("checkpointId").asText(),
                new String[] {session, c.path("fingerprint").asText()});
    }

    private String fork(ApiClient api, String session) {
        JsonNode child = ok(api.post("/v1/sessions/" + session + "/fork", "{}")).json();
        forks.put(child.path("id").asText(), child.path("fingerprint").asText());
        return child.path("id").asText();
    }

    /** The writer threads of one crash cycle. */
    private final class Load {
        final ApiClient api;
        final List<String> sessions;
        final int cycle;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger acknowledged = new AtomicInteger();
        final List<String> failures = new CopyOnWriteArrayList<>();
        final AtomicBoolean stop = new AtomicBoolean();
        final ExecutorService threads = Executors.newFixedThreadPool(WRITERS);
        final List<Future<?>> running = new ArrayList<>();

        Load(ApiClient api, List<String> sessions, int cycle) {
            this.api = api;
            this.sessions = sessions;
            this.cycle = cycle;
        }

        void start() {
            for (int t = 0; t < WRITERS; t++) {
                int writer = t;
                running.add(threads.submit(() -> run(writer)));
            }
        }

        void join() throws Exception {
            stop.set(true);
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
            threads.shutdown();
        }

        /** Writes until the server stops answering (or a bound is reached). */
        private void run(int writer) {
            Random random = new Random(cycle * 1000L + writer);
            String session = sessions.get(writer % sessions.size());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            try {
                for (int n = 0; n < 50_000 && System.nanoTime() < deadline; n++) {
                    String tag = "w" + writer + " c" + cycle + " n" + n + " ";
                    int kind = n % 10;
                    if (writer == 0 && n % 25 == 24) {
                        checkpointAndFork(session, "c" + cycle + "-" + n);
                    } else if (kind < 6) {
                        put(session, "w" + writer + "/c" + cycle + "/f" + n, content(random, tag));
                    } else if (kind < 8) {
                        put(session, "w" + writer + "/hot" + (n % 5), content(random, tag));
                    } else {
                        batch(session, writer, n, random, tag);
                    }
                }
            } catch (UncheckedIOException serverGone) {
                // the kill: this writer's last request got no answer
            }
        }

        private void put(String session, String path, byte[] content) {
            WriteLedger.Key key = new WriteLedger.Key(session, path);
            int index = ledger.attempt(key, content);
            ApiClient.Reply r = send(
                    () -> api.put("/v1/sessions/" + session + "/files?createParents=true&path=" + enc(path), content));
            if (r.status() == 200) {
                ledger.ack(key, index);
                acknowledged.incrementAndGet();
            } else {
                failures.add(r.toString());
                throw new UncheckedIOException(new IOException("unexpected answer"));
            }
        }

        private void batch(String session, int writer, int n, Random random, String tag) {
            Map<WriteLedger.Key, byte[]> writes = new LinkedHashMap<>();
            for (int i = 0; i < 3; i++) {
                writes.put(
                        new WriteLedger.Key(session, "w" + writer + "/c" + cycle + "/b" + n + "-" + i),
                        content(random, tag + "b" + i));
            }
            for (int i = 0; i < 2; i++) {
                writes.put(
                        new WriteLedger.Key(session, "w" + writer + "/hot" + ((n + i) % 5)),
                        content(random, tag + "bh" + i));
            }
            ObjectNode body = JSON.createObjectNode();
            ArrayNode ops = body.putArray("operations");
            Map<WriteLedger.Key, Integer> indexes = new LinkedHashMap<>();
            writes.forEach((key, content) -> {
                indexes.put(key, ledger.attempt(key, content));
                ops.addObject()
                        .putObject("write")
                        .put("path", key.path())
                        .put("content", Base64.getEncoder().encodeToString(content))
                        .put("createParents", true);
            });
            ApiClient.Reply r;
            try {
                r = send(() -> api.post("/v1/sessions/" + session + "/batch", body));
            } catch (UncheckedIOException e) {
                ledger.open(new WriteLedger.OpenBatch(writes));
                throw e;
            }
            if (r.status() != 200) {
                failures.add(r.toString());
                throw new UncheckedIOException(new IOException("unexpected answer"));
            }
            indexes.forEach(ledger::ack);
            acknowledged.incrementAndGet();
        }

        private void checkpointAndFork(String session, String name) {
            ApiClient.Reply c = send(() -> api.post(
                    "/v1/sessions/" + session + "/checkpoints",
                    JSON.createObjectNode().put("name", name)));
            if (c.status() == 200) {
                checkpoints.put(
                        c.json().path("checkpointId").asText(),
                        new String[] {session, c.json().path("fingerprint").asText()});
            }
            ApiClient.Reply f = send(() -> api.post("/v1/sessions/" + session + "/fork", "{}"));
            if (f.status() == 200) {
                forks.put(
                        f.json().path("id").asText(),
                        f.json().path("fingerprint").asText());
            }
            for (ApiClient.Reply r : List.of(c, f)) {
                if (r.status() != 200) {
                    failures.add(r.toString());
                }
            }
            acknowledged.incrementAndGet();
        }

        private ApiClient.Reply send(Supplier<ApiClient.Reply> request) {
            inFlight.incrementAndGet();
            try {
                return request.get();
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    /** Distinct content: the writer's tag, then 16 bytes to 24 KiB of random bytes (some past the inline size). */
    private static byte[] content(Random random, String tag) {
        int size = random.nextInt(10) == 0 ? 17_000 + random.nextInt(8_000) : 16 + random.nextInt(2_000);
        byte[] tail = new byte[size];
        random.nextBytes(tail);
        byte[] head = tag.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + size];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, size);
        return all;
    }

    /** Checks the restarted server against everything acknowledged, then takes its state as the new base. */
    private void verify(ApiClient api, List<String> sessions) throws Exception {
        Map<WriteLedger.Key, Optional<byte[]>> observed = new ConcurrentHashMap<>();
        List<WriteLedger.Key> keys = ledger.keys();
        ExecutorService readers = Executors.newFixedThreadPool(WRITERS);
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
        assertThat(violations).as("after the restart, of %d files", keys.size()).isEmpty();
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
                        .as("event sequence")
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

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

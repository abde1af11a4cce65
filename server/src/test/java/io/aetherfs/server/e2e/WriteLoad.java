package io.aetherfs.server.e2e;

import static io.aetherfs.server.e2e.ApiClient.JSON;
import static io.aetherfs.server.e2e.ApiClient.enc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Supplier;

/**
 * The mixed write load of the fault tests: writer threads send raw PUTs of new files, overwrites of
 * their own hot files, batches and (the first writer on each node) checkpoints plus forks, all with
 * distinct contents, and note every acknowledgement in {@link Acknowledged}. Writer {@code w} talks to
 * node {@code w % nodes} and writes session {@code (w / nodes) % sessions}, so with several nodes
 * every session is written through all of them. A writer runs until told to stop or until its node
 * stops answering (a connection error: the request may or may not have happened, and an unanswered
 * batch is recorded as open); any answer other than 200 is a failure and also ends the writer.
 */
final class WriteLoad {
    private final List<ApiClient> nodes;
    private final List<String> sessions;
    private final Acknowledged acked;
    private final int cycle;
    private final int writers;
    private final int checkpointEvery;
    private final AtomicIntegerArray inFlightByNode;
    private final AtomicIntegerArray acknowledgedByNode;
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Map<Integer, String> cutOff = new ConcurrentHashMap<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final ExecutorService threads;
    private final List<Future<?>> running = new ArrayList<>();

    /**
     * A load of {@code writers} threads over {@code nodes} (clients of one server each) and
     * {@code sessions}; the first writer on each node checkpoints and forks its session as every
     * {@code checkpointEvery}-th request; {@code cycle} seeds the contents and names, so runs of one test
     * never collide.
     */
    WriteLoad(
            List<ApiClient> nodes,
            List<String> sessions,
            Acknowledged acked,
            int cycle,
            int writers,
            int checkpointEvery) {
        this.nodes = List.copyOf(nodes);
        this.sessions = List.copyOf(sessions);
        this.acked = acked;
        this.cycle = cycle;
        this.writers = writers;
        this.checkpointEvery = checkpointEvery;
        this.acknowledgedByNode = new AtomicIntegerArray(nodes.size());
        this.inFlightByNode = new AtomicIntegerArray(nodes.size());
        this.threads = Executors.newFixedThreadPool(writers);
    }

    /** Starts the writers. */
    void start() {
        for (int t = 0; t < writers; t++) {
            int writer = t;
            running.add(threads.submit(() -> run(writer)));
        }
    }

    /** Tells the writers to stop and waits until all have. */
    void join() throws Exception {
        stop.set(true);
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();
    }

    /** Returns the number of requests sent and not yet answered. */
    int inFlight() {
        int sum = 0;
        for (int i = 0; i < inFlightByNode.length(); i++) {
            sum += inFlightByNode.get(i);
        }
        return sum;
    }

    /** Returns the number of requests sent to node {@code i} and not yet answered. */
    int inFlightOn(int node) {
        return inFlightByNode.get(node);
    }

    /** Returns the number of requests acknowledged so far (a checkpoint plus fork counts once). */
    int acknowledged() {
        int sum = 0;
        for (int i = 0; i < acknowledgedByNode.length(); i++) {
            sum += acknowledgedByNode.get(i);
        }
        return sum;
    }

    /** Returns the number of requests node {@code i} acknowledged so far. */
    int acknowledgedBy(int node) {
        return acknowledgedByNode.get(node);
    }

    /** Returns the answers other than 200, as "request -> status body". */
    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Returns the writers that a connection error ended, with the error. */
    Map<Integer, String> cutOff() {
        return Map.copyOf(cutOff);
    }

    /** Returns the node writer {@code w} talks to. */
    int nodeOf(int writer) {
        return writer % nodes.size();
    }

    /** Runs writer {@code w} until told to stop, until its node stops answering, or until a bound is reached. */
    private void run(int w) {
        Writer writer = new Writer(w);
        try {
            writer.run();
        } catch (UncheckedIOException gone) {
            cutOff.put(w, String.valueOf(gone.getMessage()));
        } catch (Refused refused) {
            // recorded in the failures
        } catch (RuntimeException unexpected) {
            failures.add("writer " + w + ": " + unexpected);
        }
    }

    /** One writer thread: its node, its session, its own files and a seeded source of contents. */
    private final class Writer {
        final int id;
        final int node;
        final ApiClient api;
        final String session;
        final Random random;

        Writer(int id) {
            this.id = id;
            this.node = nodeOf(id);
            this.api = nodes.get(node);
            this.session = sessions.get(id / nodes.size() % sessions.size());
            this.random = new Random(cycle * 1000L + id);
        }

        void run() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (int n = 0; n < 50_000 && System.nanoTime() < deadline && !stop.get(); n++) {
                String tag = "w" + id + " c" + cycle + " n" + n + " ";
                int kind = n % 10;
                if (id < nodes.size() && n % checkpointEvery == checkpointEvery - 1) {
                    checkpointAndFork("c" + cycle + "-w" + id + "-" + n);
                } else if (kind < 6) {
                    put("w" + id + "/c" + cycle + "/f" + n, content(random, tag));
                } else if (kind < 8) {
                    put("w" + id + "/hot" + (n % 5), content(random, tag));
                } else {
                    batch(n, tag);
                }
                acknowledgedByNode.incrementAndGet(node);
            }
        }

        private void put(String path, byte[] content) {
            WriteLedger.Key key = new WriteLedger.Key(session, path);
            int index = acked.ledger.attempt(key, content);
            ApiClient.Reply r = send(
                    () -> api.put("/v1/sessions/" + session + "/files?createParents=true&path=" + enc(path), content));
            require200(r);
            acked.ledger.ack(key, index);
        }

        private void batch(int n, String tag) {
            Map<WriteLedger.Key, byte[]> writes = new LinkedHashMap<>();
            for (int i = 0; i < 3; i++) {
                writes.put(
                        new WriteLedger.Key(session, "w" + id + "/c" + cycle + "/b" + n + "-" + i),
                        content(random, tag + "b" + i));
            }
            for (int i = 0; i < 2; i++) {
                writes.put(
                        new WriteLedger.Key(session, "w" + id + "/hot" + ((n + i) % 5)),
                        content(random, tag + "bh" + i));
            }
            ObjectNode body = JSON.createObjectNode();
            ArrayNode ops = body.putArray("operations");
            Map<WriteLedger.Key, Integer> indexes = new LinkedHashMap<>();
            writes.forEach((key, content) -> {
                indexes.put(key, acked.ledger.attempt(key, content));
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
                acked.ledger.open(new WriteLedger.OpenBatch(writes));
                throw e;
            }
            require200(r);
            indexes.forEach(acked.ledger::ack);
        }

        private void checkpointAndFork(String name) {
            ApiClient.Reply c = send(() -> api.post(
                    "/v1/sessions/" + session + "/checkpoints",
                    JSON.createObjectNode().put("name", name)));
            require200(c);
            acked.checkpoint(session, c.json());
            ApiClient.Reply f = send(() -> api.post("/v1/sessions/" + session + "/fork", "{}"));
            require200(f);
            acked.fork(f.json());
        }

        private ApiClient.Reply send(Supplier<ApiClient.Reply> request) {
            inFlightByNode.incrementAndGet(node);
            try {
                return request.get();
            } finally {
                inFlightByNode.decrementAndGet(node);
            }
        }
    }

    private void require200(ApiClient.Reply r) {
        if (r.status() != 200) {
            failures.add(r.toString());
            throw new Refused(r.status());
        }
    }

    /** Distinct content: the writer's tag, then 16 bytes to 24 KiB of random bytes (some past the inline size). */
    static byte[] content(Random random, String tag) {
        int size = random.nextInt(10) == 0 ? 17_000 + random.nextInt(8_000) : 16 + random.nextInt(2_000);
        byte[] tail = new byte[size];
        random.nextBytes(tail);
        byte[] head = tag.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + size];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, size);
        return all;
    }

    /** Ends a writer whose request was answered with something other than 200 (already in the failures). */
    private static final class Refused extends RuntimeException {
        Refused(int status) {
            super("answered " + status, null, false, false);
        }
    }
}

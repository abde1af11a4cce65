package io.aetherfs.server.e2e.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs one recorded workload against a {@link Target} and returns its {@link History}: a setup
 * principal creates the shared root sessions; the clients then send their random operations at once
 * (client {@code i} through node {@code i % n}); then the dedicated expected-hash race runs (every round:
 * each racing client reads the race file, all wait, all write it conditionally on what they read, all
 * wait); finally the setup principal collects every session's event log and manifest and every
 * checkpoint's exported tree.
 */
public final class Workload {
    static final String RACE_PATH = "race.txt";

    private final Target target;
    private final HistoryConfig cfg;
    private final String tenant;

    public Workload(Target target, HistoryConfig cfg, String tenant) {
        this.target = target;
        this.cfg = cfg;
        this.tenant = tenant;
    }

    /** Runs the workload and collects the history. */
    public History run() throws Exception {
        Http setup = target.client(0, tenant, "setup");
        List<String> roots = new ArrayList<>();
        for (int i = 0; i < cfg.roots(); i++) {
            roots.add(create(setup, "root-" + i));
        }
        String race = cfg.raceRounds() > 0 ? create(setup, "race") : null;
        Registry reg = new Registry(roots, cfg.maxSessions());
        List<WorkloadClient> clients = new ArrayList<>();
        for (int i = 0; i < cfg.clients(); i++) {
            clients.add(new WorkloadClient(i, target.client(i, tenant, Call.principal(i)), cfg.seed(), reg));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(cfg.clients())) {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < cfg.clients(); i++) {
                WorkloadClient c = clients.get(i);
                int budget = cfg.ops() / cfg.clients() + (i < cfg.ops() % cfg.clients() ? 1 : 0);
                running.add(pool.submit(() -> c.run(budget)));
            }
            for (Future<?> f : running) {
                f.get(30, TimeUnit.MINUTES);
            }
            if (race != null) {
                race(pool, clients.subList(0, Math.min(cfg.raceClients(), clients.size())), race);
            }
        }
        List<Call> calls = new ArrayList<>();
        clients.forEach(c -> calls.addAll(c.calls()));
        return collect(setup, calls, roots, race);
    }

    private void race(ExecutorService pool, List<WorkloadClient> racers, String session) throws Exception {
        racers.getFirst().send(racers.getFirst().write(session, RACE_PATH, null, false));
        CyclicBarrier barrier = new CyclicBarrier(racers.size());
        List<Future<?>> running = new ArrayList<>();
        for (WorkloadClient c : racers) {
            running.add(pool.submit(() -> {
                for (int round = 0; round < cfg.raceRounds(); round++) {
                    Call read = c.send(new Op.ReadFile(session, RACE_PATH));
                    barrier.await(2, TimeUnit.MINUTES); // everyone holds the same version, then races
                    if (read.status() == 200) {
                        c.send(c.write(session, RACE_PATH, read.readHash(), false));
                    }
                    barrier.await(2, TimeUnit.MINUTES); // the round is over before anyone reads again
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get(30, TimeUnit.MINUTES);
        }
    }

    private String create(Http setup, String name) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = setup.send(
                "POST",
                "/v1/sessions",
                ("{\"displayName\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8),
                "application/json");
        if (r.statusCode() != 200) {
            throw new IOException("creating a session answered " + r.statusCode());
        }
        return OpSender.JSON.readTree(r.body()).path("id").asText();
    }

    private History collect(Http setup, List<Call> calls, List<String> roots, String race)
            throws IOException, InterruptedException {
        Map<String, List<Event>> events = new LinkedHashMap<>();
        Map<String, Tree> finals = new LinkedHashMap<>();
        Map<String, Tree> checkpoints = new LinkedHashMap<>();
        for (JsonNode s : OpSender.pages(setup, "/v1/sessions?pageSize=1000", "sessions")) {
            String id = s.path("id").asText();
            String base = "/v1/sessions/" + id;
            List<Event> log = new ArrayList<>();
            for (JsonNode e : OpSender.pages(setup, base + "/events?pageSize=1000", "events")) {
                log.add(new Event(
                        id,
                        e.path("sequence").asLong(),
                        e.path("type").asText().replace("EVENT_TYPE_", ""),
                        e.path("actor").path("principal").asText(),
                        Instant.parse(e.path("occurredAt").asText()),
                        e.path("path").asText(""),
                        e.path("details")));
            }
            events.put(id, log);
            finals.put(id, Tree.fromManifest(OpSender.pages(setup, base + "/manifest?pageSize=1000", "entries")));
            for (JsonNode c : OpSender.pages(setup, base + "/checkpoints?pageSize=1000", "checkpoints")) {
                String ckpt = c.path("checkpointId").asText();
                HttpResponse<byte[]> r =
                        setup.send("GET", base + ":export?format=tar&at=checkpoint:" + ckpt, null, null);
                if (r.statusCode() != 200) {
                    throw new IOException("exporting checkpoint " + ckpt + " answered " + r.statusCode());
                }
                checkpoints.put(ckpt, Tar.read(r.body()));
            }
        }
        return new History(cfg, calls, events, finals, checkpoints, roots, race, "setup");
    }

    /**
     * What the clients share: the sessions (roots and forks, with their parents), each session's
     * checkpoints, and which sessions some client last saw in CONFLICT.
     */
    static final class Registry {
        private final List<String> roots;
        private final int maxSessions;
        private final List<String> forks = new CopyOnWriteArrayList<>();
        private final Map<String, String> parent = new ConcurrentHashMap<>();
        private final Map<String, List<String>> checkpoints = new ConcurrentHashMap<>();
        private final Set<String> conflicted = ConcurrentHashMap.newKeySet();

        Registry(List<String> roots, int maxSessions) {
            this.roots = List.copyOf(roots);
            this.maxSessions = maxSessions;
        }

        /** Returns a session to act on: a root half of the time, else a fork. */
        String pick(Random rnd) {
            if (forks.isEmpty() || rnd.nextBoolean()) {
                return roots.get(rnd.nextInt(roots.size()));
            }
            return forks.get(rnd.nextInt(forks.size()));
        }

        /** Returns another session to merge from: mostly a relative of {@code s}, sometimes any. */
        String pickOther(Random rnd, String s) {
            List<String> all = new ArrayList<>(roots);
            all.addAll(forks);
            all.remove(s);
            if (all.isEmpty()) {
                return null;
            }
            if (rnd.nextInt(10) < 7) {
                List<String> family =
                        all.stream().filter(x -> root(x).equals(root(s))).toList();
                if (!family.isEmpty()) {
                    return family.get(rnd.nextInt(family.size()));
                }
            }
            return all.get(rnd.nextInt(all.size()));
        }

        /** Returns {parent, child} for a {@code :merge}: a fork and its parent (or grandparent), now and then a non-descendant. */
        String[] pickChild(Random rnd) {
            if (forks.isEmpty()) {
                return null;
            }
            String child = forks.get(rnd.nextInt(forks.size()));
            String p = parent.get(child);
            if (rnd.nextInt(20) == 0) {
                return new String[] {child, p}; // the parent does not descend from its child: NOT_A_DESCENDANT
            }
            if (rnd.nextInt(6) == 0 && parent.containsKey(p)) {
                p = parent.get(p);
            }
            return new String[] {p, child};
        }

        /** Returns the session of the hot file that all clients race on. */
        String hotSession() {
            return roots.getFirst();
        }

        boolean isFork(String s) {
            return parent.containsKey(s);
        }

        boolean roomForFork() {
            return roots.size() + forks.size() < maxSessions;
        }

        void forked(String parentId, String child) {
            parent.put(child, parentId);
            forks.add(child);
        }

        void checkpointed(String s, String id) {
            checkpoints.computeIfAbsent(s, k -> new CopyOnWriteArrayList<>()).add(id);
        }

        /** Returns one of the session's checkpoints, or null. */
        String checkpoint(Random rnd, String s) {
            List<String> l = checkpoints.getOrDefault(s, List.of());
            return l.isEmpty() ? null : l.get(rnd.nextInt(l.size()));
        }

        boolean conflicted(String s) {
            return conflicted.contains(s);
        }

        void conflict(String s, boolean inConflict) {
            if (inConflict) {
                conflicted.add(s);
            } else {
                conflicted.remove(s);
            }
        }

        private String root(String s) {
            String r = s;
            for (String p = parent.get(r); p != null; p = parent.get(r)) {
                r = p;
            }
            return r;
        }
    }

    /** Returns a tenant id for run {@code n} of seed {@code seed}, so reruns on one server never share sessions. */
    public static String tenant(long seed, int n) {
        Random r = new Random(seed * 31 + n);
        return String.format(
                "%08x-%04x-4%03x-8%03x-%012x",
                r.nextInt(), r.nextInt(0x10000), r.nextInt(0x1000), r.nextInt(0x1000), r.nextLong() & 0xffffffffffffL);
    }
}

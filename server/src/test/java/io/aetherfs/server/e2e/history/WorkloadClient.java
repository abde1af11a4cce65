package io.aetherfs.server.e2e.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One client of the recorded workload: its own principal, its own seeded random source, sending a
 * random mix of every mutating operation and reads against the shared sessions, one request at a
 * time, and recording each. Paths come from a small pool so operations collide; every write's
 * content is unique (client, request number), so a content hash names the write that made it.
 */
final class WorkloadClient {
    static final List<String> FILES =
            List.of("a.txt", "b.txt", "d1/f.txt", "d1/g.txt", "d2/f.txt", "d2/g.txt", "d1/x/h.txt", "d2/x/h.txt");
    static final List<String> DIRS = List.of("d1", "d2", "d1/x", "d2/x");
    /** The file every client reads and then writes conditionally, in the first root session. */
    static final String HOT = "hot.txt";

    private static final int LINE = 24;

    private final int id;
    private final Http http;
    private final Random rnd;
    private final Workload.Registry reg;
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, String> seenHash = new HashMap<>();
    private final Map<String, String> seenFingerprint = new HashMap<>();
    private int index;
    private int serial;

    WorkloadClient(int id, Http http, long seed, Workload.Registry reg) {
        this.id = id;
        this.http = http;
        this.rnd = new Random(seed * 1_000_003L + id);
        this.reg = reg;
    }

    List<Call> calls() {
        return calls;
    }

    /** Sends random operations until {@code budget} requests were sent. */
    void run(int budget) {
        while (calls.size() < budget) {
            step();
        }
    }

    private void step() {
        String s = reg.pick(rnd);
        if (reg.conflicted(s) && rnd.nextInt(10) < 6) {
            resolve(s);
            return;
        }
        int k = rnd.nextInt(100);
        if (k < 17) {
            // forks mostly patch single lines, so merges back meet text changed on both sides (line merges)
            send(reg.isFork(s) && rnd.nextBoolean() ? patch(s) : write(s, path(), null, false));
        } else if (k < 20) {
            conditionalWrite(reg.hotSession(), HOT); // every client races on one file of one session
        } else if (k < 26) {
            conditionalWrite(s, path());
        } else if (k < 34) {
            send(patch(s));
        } else if (k < 39) {
            String p = path();
            send(new Op.Delete(s, p, maybe(30) ? seenHash.get(s + " " + p) : null));
        } else if (k < 44) {
            send(rename(s));
        } else if (k < 47) {
            send(new Op.Mkdir(s, one(DIRS), rnd.nextBoolean()));
        } else if (k < 50) {
            send(new Op.Rmdir(s, one(DIRS), rnd.nextBoolean()));
        } else if (k < 56) {
            send(batch(s));
        } else if (k < 59) {
            fork(s);
        } else if (k < 63) {
            checkpoint(s);
        } else if (k < 66) {
            restore(s);
        } else if (k < 70) {
            String fp = maybe(20) ? seenFingerprint.get(s) : null;
            send(new Op.Commit(s, fp, maybe(10)));
        } else if (k < 75) {
            mergeChild();
        } else if (k < 78) {
            String src = reg.pickOther(rnd, s);
            if (src != null) {
                send(new Op.Merge(s, src, false, strategy(), maybe(80)));
            }
        } else if (k < 81) {
            send(sync(s));
        } else if (k < 89) {
            send(new Op.ReadFile(s, path()));
        } else if (k < 95) {
            send(new Op.ReadManifest(s));
        } else {
            send(new Op.ReadSession(s));
        }
    }

    /** Brings a CONFLICT session back: restores a checkpoint, or merges something in keeping its side. */
    private void resolve(String s) {
        String ckpt = reg.checkpoint(rnd, s);
        if (ckpt != null && rnd.nextBoolean()) {
            send(new Op.Restore(s, ckpt, maybe(20)));
            return;
        }
        String src = reg.pickOther(rnd, s);
        if (src != null) {
            send(new Op.Merge(s, src, false, "OURS", maybe(80)));
        }
    }

    /** The expected-hash pattern: read a file, then write it only if it is still what was read. */
    void conditionalWrite(String s, String p) {
        Call read = send(new Op.ReadFile(s, p));
        if (read.status() == 200) {
            send(write(s, p, read.readHash(), false));
        } else if (read.status() == 404) {
            send(write(s, p, null, true));
        }
    }

    Op.Write write(String s, String p, String expectedHash, boolean createOnly) {
        return new Op.Write(s, p, content(), expectedHash, createOnly);
    }

    private Op patch(String s) {
        String p = path();
        int line = rnd.nextInt(10) == 0 ? 6 : rnd.nextInt(5);
        byte[] data = line("P c%02d n%05d".formatted(id, serial++));
        return new Op.Patch(s, p, (long) line * LINE, data, maybe(30) ? seenHash.get(s + " " + p) : null, maybe(30));
    }

    private Op rename(String s) {
        if (maybe(15)) {
            boolean fromOne = rnd.nextBoolean();
            return new Op.Rename(s, fromOne ? "d1/x" : "d2/x", fromOne ? "d2/x" : "d1/x", maybe(20));
        }
        return new Op.Rename(s, path(), path(), maybe(40));
    }

    private Op batch(String s) {
        List<Op> steps = new ArrayList<>();
        int n = 2 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            int k = rnd.nextInt(10);
            String p = path();
            steps.add(
                    k < 5
                            ? write(s, p, maybe(15) ? seenHash.get(s + " " + p) : null, false)
                            : k < 7
                                    ? new Op.Delete(s, p, null)
                                    : k < 8
                                            ? new Op.Mkdir(s, one(DIRS), true)
                                            : new Op.Rename(s, p, path(), maybe(50)));
        }
        return new Op.Batch(s, steps);
    }

    private void fork(String s) {
        if (!reg.roomForFork()) {
            send(write(s, path(), null, false));
            return;
        }
        Call c = send(new Op.Fork(s));
        if (c.outcome() == Call.Outcome.OK) {
            reg.forked(s, c.body().path("id").asText());
        }
    }

    private void checkpoint(String s) {
        Call c = send(new Op.Checkpoint(s, maybe(20) ? "n" + rnd.nextInt(3) : null));
        if (c.outcome() == Call.Outcome.OK) {
            reg.checkpointed(s, c.body().path("checkpointId").asText());
        }
    }

    private void restore(String s) {
        String ckpt = reg.checkpoint(rnd, s);
        if (ckpt != null) {
            send(new Op.Restore(s, ckpt, maybe(20)));
        } else {
            checkpoint(s);
        }
    }

    private void mergeChild() {
        String[] pair = reg.pickChild(rnd);
        if (pair == null) {
            send(new Op.ReadManifest(reg.pick(rnd)));
            return;
        }
        send(new Op.Merge(pair[0], pair[1], true, strategy(), maybe(80)));
    }

    private Op sync(String s) {
        int k = rnd.nextInt(10);
        String base = k < 2 ? "" : k < 6 ? "d1" : "d2";
        List<String> rel = base.isEmpty() ? FILES : List.of("f.txt", "g.txt", "x/h.txt");
        Map<String, byte[]> files = new LinkedHashMap<>();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            files.put(one(rel), content());
        }
        boolean deleteMissing = base.isEmpty() ? maybe(10) : maybe(40);
        return new Op.Sync(s, base, deleteMissing, files, maybe(15) ? seenFingerprint.get(s) : null);
    }

    private String strategy() {
        int k = rnd.nextInt(10);
        return k < 4 ? "FAIL_ON_CONFLICT" : k < 7 ? "OURS" : "THEIRS";
    }

    /** Sends an operation, records it, and learns what the answer says about hashes, fingerprints and status. */
    Call send(Op op) {
        Call c = OpSender.send(http, id, index++, op);
        calls.add(c);
        learn(c);
        return c;
    }

    private void learn(Call c) {
        String s = c.op().session();
        JsonNode b = c.body();
        if ("SESSION_NOT_ACTIVE".equals(c.reason())) {
            reg.conflict(s, true);
        }
        if (c.outcome() != Call.Outcome.OK) {
            return;
        }
        switch (c.op()) {
            case Op.ReadFile r -> seenHash.put(s + " " + r.path(), c.readHash());
            case Op.Write w -> seenHash.put(s + " " + w.path(), w.hash());
            case Op.Patch p ->
                seenHash.put(s + " " + p.path(), b.path("contentHash").asText());
            case Op.ReadSession x -> {
                seenFingerprint.put(s, b.path("fingerprint").asText());
                reg.conflict(s, b.path("status").asText().equals("SESSION_STATUS_CONFLICT"));
            }
            case Op.Merge m -> reg.conflict(s, b.path("result").asText().equals("MERGE_RESULT_CONFLICT"));
            case Op.Restore r -> reg.conflict(s, false);
            default -> {}
        }
        if (b != null && b.has("fingerprint") && !(c.op() instanceof Op.Fork)) {
            seenFingerprint.put(s, b.path("fingerprint").asText());
        }
    }

    /** Returns fresh content: four 24-byte lines naming this client and a serial number, so every write is unique. */
    private byte[] content() {
        StringBuilder sb = new StringBuilder();
        int n = serial++;
        for (int l = 1; l <= 4; l++) {
            sb.append("%-23s\n".formatted("c%02d n%05d L%d".formatted(id, n, l)));
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] line(String text) {
        return "%-23s\n".formatted(text).getBytes(StandardCharsets.UTF_8);
    }

    private String path() {
        return one(FILES);
    }

    private <T> T one(List<T> l) {
        return l.get(rnd.nextInt(l.size()));
    }

    private boolean maybe(int percent) {
        return rnd.nextInt(100) < percent;
    }
}

package io.aetherfs.server.e2e;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a crash-test writer sent and what the server acknowledged, file by file, and the rules a
 * restarted server's state must satisfy. Each file is written by one writer thread only, so its writes
 * are ordered: every write up to the last acknowledged one happened, and at most the writes after it
 * (in flight when the server died) may or may not have. A batch in flight at the crash must have
 * happened entirely or not at all.
 */
final class WriteLedger {
    /** One file of one session. */
    record Key(String session, String path) {}

    /** The writes of one file, oldest first, and the index of the last acknowledged one (-1: none). */
    private static final class History {
        final List<byte[]> contents = new ArrayList<>();
        int acked = -1;
    }

    /** A batch that got no answer: its files and the contents it wrote to them. */
    record OpenBatch(Map<Key, byte[]> writes) {}

    private final Map<Key, History> files = new ConcurrentHashMap<>();
    private final List<OpenBatch> openBatches = new ArrayList<>();

    /** Records that {@code content} is about to be written to {@code key}; returns the write's index. */
    int attempt(Key key, byte[] content) {
        History h = files.computeIfAbsent(key, k -> new History());
        synchronized (h) {
            h.contents.add(content);
            return h.contents.size() - 1;
        }
    }

    /** Records that the write {@code index} of {@code key} was acknowledged (HTTP 200). */
    void ack(Key key, int index) {
        History h = files.get(key);
        synchronized (h) {
            h.acked = Math.max(h.acked, index);
        }
    }

    /** Records a batch whose answer never came. */
    synchronized void open(OpenBatch batch) {
        openBatches.add(batch);
    }

    /** Returns every file written so far. */
    List<Key> keys() {
        return List.copyOf(files.keySet());
    }

    /** Returns how many writes were acknowledged in all. */
    long acknowledged() {
        return files.values().stream().mapToLong(h -> h.acked + 1L).sum();
    }

    /**
     * Returns why {@code observed} (empty: the file does not exist) cannot be the state of {@code key}
     * after a crash, or empty when it can: the last acknowledged content or a later attempted one, or
     * nothing when no write was acknowledged.
     */
    Optional<String> violation(Key key, Optional<byte[]> observed) {
        History h = files.get(key);
        synchronized (h) {
            if (observed.isEmpty()) {
                return h.acked < 0
                        ? Optional.empty()
                        : Optional.of(key + ": acknowledged write #" + h.acked + " is lost (the file is gone)");
            }
            for (int i = Math.max(h.acked, 0); i < h.contents.size(); i++) {
                if (Arrays.equals(h.contents.get(i), observed.get())) {
                    return Optional.empty();
                }
            }
            for (int i = 0; i < h.acked; i++) {
                if (Arrays.equals(h.contents.get(i), observed.get())) {
                    return Optional.of(key + ": holds write #" + i + " but write #" + h.acked
                            + " was acknowledged after it (lost update)");
                }
            }
            return Optional.of(key + ": holds " + observed.get().length
                    + " bytes that were never written to it (torn or foreign content)");
        }
    }

    /** Returns the open batches that happened partly (some of their files hold their content, some not). */
    synchronized List<String> tornBatches(Map<Key, Optional<byte[]>> observed) {
        List<String> torn = new ArrayList<>();
        for (OpenBatch b : openBatches) {
            long applied = b.writes().entrySet().stream()
                    .filter(e -> observed.get(e.getKey())
                            .filter(v -> Arrays.equals(v, e.getValue()))
                            .isPresent())
                    .count();
            if (applied != 0 && applied != b.writes().size()) {
                torn.add("a batch of " + b.writes().size() + " writes was applied partly (" + applied + "): "
                        + b.writes().keySet());
            }
        }
        return torn;
    }

    /**
     * Takes {@code observed} as the acknowledged state of every file (after it was checked), so writes
     * of the next crash cycle are judged from it; forgets the open batches.
     */
    synchronized void settle(Map<Key, Optional<byte[]>> observed) {
        observed.forEach((key, value) -> {
            History h = files.get(key);
            synchronized (h) {
                h.contents.clear();
                value.ifPresent(h.contents::add);
                h.acked = h.contents.size() - 1;
            }
        });
        openBatches.clear();
    }
}

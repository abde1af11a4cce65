package io.aetherfs.server.e2e.history;

/**
 * The shape of one recorded run: the seed every client's random source derives from, how many
 * clients send how many random operations in all over how many shared root sessions (forks come on
 * top, up to {@code maxSessions}), and the dedicated expected-hash race that follows: {@code
 * raceRounds} rounds in which {@code raceClients} clients read one file and then all write it
 * conditionally on what they read.
 *
 * <p>{@link #fromSystemProperties} reads the overrides for a long soak by hand: {@code
 * -Dafs.history.ops=100000 -Dafs.history.clients=32 -Dafs.history.seed=42 -Dafs.history.raceRounds=500}.
 */
public record HistoryConfig(
        long seed, int clients, int ops, int roots, int maxSessions, int raceClients, int raceRounds) {
    public HistoryConfig {
        if (clients < 1 || ops < 0 || roots < 1 || raceRounds < 0) {
            throw new IllegalArgumentException("bad history config");
        }
    }

    /** Returns the defaults overridden by the {@code afs.history.*} system properties. */
    public static HistoryConfig fromSystemProperties(int ops, int clients, int raceRounds) {
        int n = Integer.getInteger("afs.history.clients", clients);
        return new HistoryConfig(
                Long.getLong("afs.history.seed", System.nanoTime() % 1_000_000),
                n,
                Integer.getInteger("afs.history.ops", ops),
                Integer.getInteger("afs.history.roots", 3),
                Integer.getInteger("afs.history.maxSessions", 24),
                Math.min(n, Integer.getInteger("afs.history.raceClients", 32)),
                Integer.getInteger("afs.history.raceRounds", raceRounds));
    }

    public HistoryConfig withOps(int n) {
        return new HistoryConfig(seed, clients, n, roots, maxSessions, raceClients, raceRounds);
    }

    public HistoryConfig withClients(int n) {
        return new HistoryConfig(seed, n, ops, roots, maxSessions, Math.min(raceClients, n), raceRounds);
    }

    public HistoryConfig withRaceRounds(int n) {
        return new HistoryConfig(seed, clients, ops, roots, maxSessions, raceClients, n);
    }

    @Override
    public String toString() {
        return "seed=" + seed + " clients=" + clients + " ops=" + ops + " roots=" + roots + " maxSessions="
                + maxSessions + " race=" + raceClients + "x" + raceRounds;
    }

    /** Returns the system properties that rerun this configuration. */
    public String rerunFlags() {
        return "-Dafs.history.seed=" + seed + " -Dafs.history.clients=" + clients + " -Dafs.history.ops=" + ops
                + " -Dafs.history.roots=" + roots + " -Dafs.history.maxSessions=" + maxSessions
                + " -Dafs.history.raceClients=" + raceClients + " -Dafs.history.raceRounds=" + raceRounds;
    }
}

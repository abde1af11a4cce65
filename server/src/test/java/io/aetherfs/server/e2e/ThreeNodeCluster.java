package io.aetherfs.server.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Three afs-server processes of the packaged distribution, each a scale-out node over the same
 * {@link ScaleOutStores} (a real PostgreSQL database and S3 bucket), on free loopback ports.
 */
final class ThreeNodeCluster implements AutoCloseable {
    final ScaleOutStores stores;
    final List<ServerProcess> nodes = new ArrayList<>();
    private final Path dir;

    private ThreeNodeCluster(Path dir, ScaleOutStores stores) {
        this.dir = dir;
        this.stores = stores;
    }

    /**
     * Starts three nodes at once over fresh stores named after {@code hint} (their first start migrates
     * the schema once between them); logs go to {@code dir/node-<i>.log}.
     */
    static ThreeNodeCluster start(Path dir, String hint) throws IOException, InterruptedException {
        ThreeNodeCluster c = new ThreeNodeCluster(dir, ScaleOutStores.create(hint));
        List<Future<ServerProcess>> starting = new ArrayList<>();
        try (ExecutorService starters = Executors.newFixedThreadPool(3)) {
            for (int i = 0; i < 3; i++) {
                Path log = c.log(i);
                starting.add(starters.submit(() -> ServerProcess.startNode(dir, log, c.stores.env())));
            }
        }
        Throwable failure = null;
        for (Future<ServerProcess> f : starting) {
            try {
                c.nodes.add(f.get());
            } catch (ExecutionException e) {
                failure = failure == null ? e.getCause() : failure;
            }
        }
        if (failure != null) {
            c.close();
            switch (failure) {
                case IOException e -> throw e;
                case InterruptedException e -> throw e;
                case RuntimeException e -> throw e;
                case Error e -> throw e;
                default -> throw new IllegalStateException(failure);
            }
        }
        return c;
    }

    Path log(int node) {
        return dir.resolve("node-" + node + ".log");
    }

    /** Returns a client of node {@code i} acting as {@code principal} of {@code tenant}. */
    ApiClient client(int i, String tenant, String principal) {
        return ApiClient.of(nodes.get(i).port(), tenant, principal, stores.credentials());
    }

    /** Runs {@code afs-server fsck} against the shared stores. */
    ServerProcess.Result fsck() throws IOException, InterruptedException {
        return ServerProcess.run(dir, dir.resolve("fsck.log"), stores.env(), "fsck");
    }

    /**
     * Runs {@code afs-server gc} against the shared stores, deleting unreachable objects older than
     * {@code graceSecs} (0 is safe only while no node runs).
     */
    ServerProcess.Result gc(long graceSecs) throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>(stores.env());
        env.put("AFS_SERVER_STORAGE_BLOB_GC_GRACE_SECS", Long.toString(graceSecs));
        return ServerProcess.run(dir, dir.resolve("gc.log"), env, "gc");
    }

    @Override
    public void close() {
        nodes.forEach(ServerProcess::close);
    }
}

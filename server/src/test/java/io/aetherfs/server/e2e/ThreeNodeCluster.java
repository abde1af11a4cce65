package io.aetherfs.server.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    /** Starts three nodes over fresh stores named after {@code hint}; logs go to {@code dir/node-<i>.log}. */
    static ThreeNodeCluster start(Path dir, String hint) throws IOException, InterruptedException {
        ThreeNodeCluster c = new ThreeNodeCluster(dir, ScaleOutStores.create(hint));
        try {
            for (int i = 0; i < 3; i++) {
                c.nodes.add(ServerProcess.startNode(dir, c.log(i), c.stores.env()));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            c.close();
            throw e;
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

    @Override
    public void close() {
        nodes.forEach(ServerProcess::close);
    }
}

package io.aetherfs.fuse.passthrough;

import io.aetherfs.fuse.FuseException;
import io.aetherfs.fuse.FuseSession;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps the passthrough within its descriptor budget: every inode the kernel caches holds an {@code O_PATH}
 * descriptor, and with long timeouts the kernel forgets inodes only under memory pressure. Above 80% of the
 * budget, this asks the kernel to drop the cached names of the least recently looked-up inodes
 * ({@code invalidateEntry}) down to 60%; the kernel then forgets the ones no process holds, and their
 * descriptors are closed. It runs on its own thread: an invalidation must never wait inside an operation.
 */
final class Pruner implements Runnable {

    private static final System.Logger LOG = System.getLogger("io.aetherfs.fuse");

    private final Inodes inodes;
    private final FuseSession session;
    private final int high;
    private final int low;
    private volatile boolean stopped;

    Pruner(Inodes inodes, FuseSession session, int budget) {
        this.inodes = inodes;
        this.session = session;
        this.high = budget * 4 / 5;
        this.low = budget * 3 / 5;
    }

    /** Returns the descriptor budget for inodes: the soft open-files limit less room for open files and locks. */
    static int defaultBudget() {
        long limit = 1024;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring(26).strip().split("\\s+")[0];
                    limit = soft.equals("unlimited") ? 1 << 20 : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            // keep the conservative default
        }
        return (int) Math.max(256, limit - Math.min(4096, limit / 4));
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        while (!stopped) {
            try {
                Thread.sleep(20);
                if (inodes.size() > high) {
                    prune(inodes.size() - low);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!stopped) {
                    LOG.log(Level.WARNING, "fuse-passthrough: pruning the inode table failed", e);
                }
            }
        }
    }

    private void prune(int n) {
        int before = inodes.size();
        for (Inode i : inodes.leastRecentlyUsed(n)) {
            if (stopped) {
                return;
            }
            try {
                session.invalidateEntry(i.parent, i.name);
            } catch (FuseException e) {
                // the name moved or the parent is gone: the kernel will forget it with its parent
            }
        }
        LOG.log(Level.DEBUG, "fuse-passthrough: asked the kernel to drop {0} of {1} cached inodes", n, before);
    }
}

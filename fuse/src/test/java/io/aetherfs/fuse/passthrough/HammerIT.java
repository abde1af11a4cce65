package io.aetherfs.fuse.passthrough;

import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.fuse.MountOptions;
import io.aetherfs.fuse.internal.NativeMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 32 threads hammering create, stat, rename and unlink on one mount, then the checks: nothing failed, the
 * binding's own native memory is back to where it was, glibc's malloc grew by no more than a bounded
 * amount (measured after a warm-up, so per-request leaks would show), the passthrough holds no descriptors
 * or inodes for the deleted files, and the mount unmounts cleanly. The 60 s run is tagged slow.
 */
class HammerIT {

    static final int THREADS = 32;

    @Test
    @Timeout(120)
    void hammer_32Threads_10s() throws Exception {
        hammer("hammer-quick", Duration.ofSeconds(10));
    }

    @Test
    @Tag("slow")
    @Timeout(300)
    void hammer_32Threads_60s() throws Exception {
        hammer("hammer-slow", Duration.ofSeconds(60));
    }

    static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    void hammer(String name, Duration length) throws Exception {
        long fdsBefore = openFds();
        TestMount t = TestMount.mount(name, PassthroughOptions.defaults(), MountOptions.defaults());
        try {
            Files.createDirectories(t.m("shared"));
            run(t, Duration.ofSeconds(3)); // warm-up: JIT, thread stacks, malloc arenas
            System.gc();
            Thread.sleep(500);
            long bindingBefore = NativeMemory.liveBytes();
            long mallocBefore = Syscalls.mallocInUse();
            long ops = run(t, length);
            System.gc();
            Thread.sleep(1000);
            long bindingAfter = NativeMemory.liveBytes();
            long mallocAfter = Syscalls.mallocInUse();
            System.out.printf(
                    "%s: %,d operations in %s by %d threads (%,d/s); binding native %,d -> %,d bytes; "
                            + "malloc in use %,d -> %,d bytes (%+,d); passthrough inodes %d, open files %d; %s%n",
                    name,
                    ops,
                    length,
                    THREADS,
                    ops / length.toSeconds(),
                    bindingBefore,
                    bindingAfter,
                    mallocBefore,
                    mallocAfter,
                    mallocAfter - mallocBefore,
                    t.fs.inodeCount(),
                    t.fs.files.openCount(),
                    t.session.stats());
            assertThat(ops).isGreaterThan(1000);
            assertThat(bindingAfter).as("the binding's native memory").isEqualTo(bindingBefore);
            assertThat(mallocAfter - mallocBefore)
                    .as("malloc growth over %,d operations", ops)
                    .isLessThan(Math.max(32L << 20, ops * 16));
            assertThat(t.fs.files.openCount()).as("open host files").isZero();
            assertThat(t.session.stats().failures()).isZero();
            assertThat(t.session.stats().timeouts()).isZero();
        } finally {
            t.close();
        }
        assertThat(TestMount.isMounted(t.mnt)).isFalse();
        assertThat(t.session.stats().workers()).as("workers after close").isZero();
        assertThat(openFds())
                .as("descriptors of this JVM after unmount (class loading may open a few jars)")
                .isLessThanOrEqualTo(fdsBefore + 8);
    }

    /** Runs the workload for {@code length}; returns the number of operations. */
    static long run(TestMount t, Duration length) throws Exception {
        LongAdder ops = new LongAdder();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        long end = System.nanoTime() + length.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            int id = i;
            threads.add(Thread.ofPlatform().name("hammer-" + i).start(() -> {
                byte[] data = ("thread " + id + "\n").repeat(8).getBytes();
                Path own = t.m("t" + id);
                try {
                    Files.createDirectories(own);
                    for (long n = 0; System.nanoTime() < end; n++) {
                        Path dir = n % 2 == 0 ? own : t.m("shared");
                        Path a = dir.resolve("f-" + id + "-" + n), b = dir.resolve("g-" + id + "-" + n);
                        Files.write(a, data);
                        Files.readAttributes(a, "unix:ino,nlink,size", LinkOption.NOFOLLOW_LINKS);
                        Files.move(a, b);
                        Files.getLastModifiedTime(b);
                        Files.delete(b);
                        ops.add(5);
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        for (Thread th : threads) {
            th.join();
        }
        assertThat(errors).isEmpty();
        return ops.sum();
    }
}

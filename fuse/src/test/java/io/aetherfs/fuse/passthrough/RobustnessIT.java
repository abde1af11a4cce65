package io.aetherfs.fuse.passthrough;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.fuse.EntryReply;
import io.aetherfs.fuse.FuseException;
import io.aetherfs.fuse.MountOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What must not wedge the mount: an operation that throws, an operation that never returns, and the end of
 * the process serving it (SIGKILL with auto_unmount, SIGTERM through bin/fuse-passthrough).
 */
@Timeout(120)
class RobustnessIT {

    /** The passthrough with two traps: looking up "boom" throws, looking up "hang" blocks until released. */
    static final class TrapFs extends PassthroughFs {
        final CountDownLatch release = new CountDownLatch(1);

        TrapFs(Path source) throws FuseException {
            super(source, PassthroughOptions.defaults());
        }

        @Override
        public void lookup(long parent, String name, EntryReply reply) throws FuseException {
            if (name.equals("boom")) {
                throw new IllegalStateException("a bug in the filesystem");
            }
            if (name.equals("hang")) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            super.lookup(parent, name, reply);
        }
    }

    /** Held strongly: JUL keeps loggers only weakly, and a collected one would lose the handler. */
    static final Logger FUSE_LOG = Logger.getLogger("io.aetherfs.fuse");

    final List<String> log = new CopyOnWriteArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            log.add(java.text.MessageFormat.format(
                    r.getMessage(), r.getParameters() == null ? new Object[0] : r.getParameters()));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    TestMount t;
    TrapFs trap;

    @BeforeEach
    void captureLog() {
        FUSE_LOG.addHandler(capture);
    }

    @AfterEach
    void cleanUp() throws IOException {
        FUSE_LOG.removeHandler(capture);
        if (trap != null) {
            trap.release.countDown();
        }
        if (t != null) {
            t.close();
        }
    }

    void mountTraps(Duration callbackTimeout) throws IOException {
        t = TestMount.mount(
                "robust",
                source -> trap = new TrapFs(source),
                MountOptions.defaults().callbackTimeout(callbackTimeout).closeGrace(Duration.ofSeconds(2)));
        Files.writeString(t.h("ok.txt"), "fine");
    }

    @Test
    void throwingOperation_answersEio_logsIt_andTheMountKeepsWorking() throws IOException {
        mountTraps(Duration.ofSeconds(30));
        assertThatThrownBy(() -> Files.readAttributes(t.m("boom"), BasicFileAttributes.class))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Input/output error");
        assertThat(log).anyMatch(l -> l.contains("lookup failed; answered EIO"));
        assertThat(t.session.stats().failures()).isEqualTo(1);
        assertThat(Files.readString(t.m("ok.txt"))).isEqualTo("fine");
    }

    @Test
    void hangingOperation_isAnsweredByTheWatchdog_andUnmountStillWorks() throws Exception {
        mountTraps(Duration.ofSeconds(1));
        CompletableFuture<Object> hung = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readAttributes(t.m("hang"), BasicFileAttributes.class);
            } catch (IOException e) {
                return e;
            }
        });
        Thread.sleep(200);
        assertThat(Files.readString(t.m("ok.txt")))
                .as("other workers still serve")
                .isEqualTo("fine");
        assertThat(hung.get(10, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(
                        IOException.class, e -> assertThat(e.getMessage()).contains("Input/output error"));
        assertThat(log).anyMatch(l -> l.contains("lookup did not return within 1000 ms"));
        assertThat(t.session.stats().timeouts()).isEqualTo(1);
        assertThat(Files.readString(t.m("ok.txt")))
                .as("the replacement worker serves")
                .isEqualTo("fine");

        long start = System.nanoTime();
        t.session.close(); // the hung worker is still inside lookup
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(TestMount.isMounted(t.mnt)).isFalse();
        trap.release.countDown();
        t.session.awaitUnmounted();
        assertThat(t.session.stats().workers()).isZero();
    }

    /** Returns the java launcher and class path of this JVM, for a child JVM running the passthrough. */
    static List<String> childJvm(String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new java.util.ArrayList<>(List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                PassthroughMain.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static void awaitMounted(Path mnt, Process p, boolean mounted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(mounted ? 30 : 60);
        while (TestMount.isMounted(mnt) != mounted) {
            assertThat(System.nanoTime())
                    .as("mount state of %s becomes %s", mnt, mounted)
                    .isLessThan(deadline);
            if (mounted) {
                assertThat(p.isAlive()).as("the passthrough is running").isTrue();
            }
            Thread.sleep(50);
        }
    }

    @Test
    void kill9_withAutoUnmount_leavesNoMountBehind() throws Exception {
        Path dir = TestMount.freshDir("kill9");
        Path src = Files.createDirectories(dir.resolve("src")), mnt = Files.createDirectories(dir.resolve("mnt"));
        Files.writeString(src.resolve("hello"), "hi");
        Process p = new ProcessBuilder(childJvm(src.toString(), mnt.toString()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("passthrough.log").toFile())
                .start();
        try {
            awaitMounted(mnt, p, true);
            assertThat(Files.readString(mnt.resolve("hello"))).isEqualTo("hi");
            p.destroyForcibly(); // SIGKILL: no shutdown hook runs; fusermount3 (auto_unmount) unmounts
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            try {
                awaitMounted(mnt, p, false);
            } catch (AssertionError e) {
                Process ps = new ProcessBuilder(
                                "sh",
                                "-c",
                                "ps -eo pid,ppid,stat,args | grep -E 'fusermount|java' | grep -v grep;"
                                        + " grep fuse /proc/self/mountinfo")
                        .redirectErrorStream(true)
                        .start();
                throw new AssertionError(
                        e.getMessage() + "\n" + new String(ps.getInputStream().readAllBytes()), e);
            }
        } finally {
            p.destroyForcibly();
            TestMount.unmountIfMounted(mnt);
        }
    }

    @Test
    void sigterm_toBinFusePassthrough_unmounts() throws Exception {
        Path script = Path.of("").toAbsolutePath().getParent().resolve("bin/fuse-passthrough");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(script), "run from the fuse module");
        Path dir = TestMount.freshDir("sigterm");
        Path src = Files.createDirectories(dir.resolve("src")), mnt = Files.createDirectories(dir.resolve("mnt"));
        ProcessBuilder pb = new ProcessBuilder(
                        script.toString(), src.toString(), mnt.toString(), "-o", "no_auto_unmount")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("passthrough.log").toFile());
        pb.environment().put("AFS_NO_BUILD", "1");
        Process p = pb.start();
        try {
            awaitMounted(mnt, p, true);
            Files.writeString(mnt.resolve("through"), "written");
            assertThat(Files.readString(src.resolve("through"))).isEqualTo("written");
            p.destroy(); // SIGTERM: the JVM's shutdown hook unmounts
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(TestMount.isMounted(mnt)).isFalse();
        } finally {
            p.destroyForcibly();
            TestMount.unmountIfMounted(mnt);
        }
    }
}

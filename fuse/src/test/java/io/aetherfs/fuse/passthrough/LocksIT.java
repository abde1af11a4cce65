package io.aetherfs.fuse.passthrough;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.fuse.MountOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * POSIX record locks and BSD locks through the mount: owners exclude each other, locks taken through the
 * mount are real host locks, a blocking F_SETLKW or flock waits for the holder and gives up with EINTR when
 * its process is signalled. The other processes are perl and util-linux's flock, both always on Debian.
 */
@Timeout(60)
class LocksIT {

    static TestMount t;
    static ProbeFs probe;

    @BeforeAll
    static void mount() throws IOException {
        t = TestMount.mount(
                "locks",
                source -> probe = new ProbeFs(source, PassthroughOptions.defaults()),
                MountOptions.defaults().callbackTimeout(Duration.ofSeconds(20)));
    }

    @AfterAll
    static void unmount() throws IOException {
        if (t != null) {
            t.close();
        }
    }

    /** Runs perl with a script that locks {@code file} with fcntl {@code cmd}; returns its output line. */
    static String perlLock(Path file, String cmd, int alarmSeconds) throws Exception {
        String script = "use Fcntl; open(my $fh, '+<', $ARGV[0]) or die \"open: $!\";"
                + " my $fl = pack('s s x4 q q l x4', F_WRLCK, 0, 0, 0, 0);"
                + " $SIG{ALRM} = sub {}; alarm " + alarmSeconds + ";"
                + " if (fcntl($fh, " + cmd + ", $fl)) { print \"locked\\n\"; exit 0 }"
                + " print(($!{EINTR} ? 'EINTR' : $!{EAGAIN} || $!{EACCES} ? 'busy' : \"error $!\"), \"\\n\");";
        Process p = new ProcessBuilder("perl", "-e", script, file.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("perl finished").isTrue();
        return new String(p.getInputStream().readAllBytes()).strip();
    }

    @Test
    void posixLocks_excludeOtherOwners_andAreHostLocks() throws Exception {
        Path f = Files.writeString(t.m("posix.lock"), "data");
        int fd = Syscalls.open(f, Syscalls.O_RDWR, 0);
        try {
            Syscalls.fcntlLock(fd, Syscalls.F_SETLK, Syscalls.F_WRLCK, 0, 0);
            assertThat(perlLock(f, "F_SETLK", 0))
                    .as("another process, through the mount")
                    .isEqualTo("busy");
            assertThat(perlLock(t.h("posix.lock"), "F_SETLK", 0))
                    .as("another process, on the host")
                    .isEqualTo("busy");
            int other = Syscalls.open(f, Syscalls.O_RDWR, 0);
            try {
                long[] found = Syscalls.fcntlLock(other, Syscalls.F_OFD_GETLK, Syscalls.F_RDLCK, 0, 10);
                assertThat(found[0]).as("conflicting type").isEqualTo(Syscalls.F_WRLCK);
            } finally {
                Syscalls.close(other);
            }
            Syscalls.fcntlLock(fd, Syscalls.F_SETLK, Syscalls.F_UNLCK, 0, 0);
            assertThat(perlLock(f, "F_SETLK", 0)).isEqualTo("locked");
        } finally {
            Syscalls.close(fd);
        }
        assertThat(probe.calls("setlk")).isGreaterThanOrEqualTo(3);
        assertThat(probe.calls("getlk")).isPositive();
    }

    @Test
    void closingADescriptor_dropsTheOwnersLocks() throws Exception {
        Path f = Files.writeString(t.m("close.lock"), "data");
        int fd = Syscalls.open(f, Syscalls.O_RDWR, 0);
        int second = Syscalls.open(f, Syscalls.O_RDONLY, 0);
        Syscalls.fcntlLock(fd, Syscalls.F_SETLK, Syscalls.F_WRLCK, 0, 0);
        assertThat(perlLock(f, "F_SETLK", 0)).isEqualTo("busy");
        Syscalls.close(second); // POSIX: closing any descriptor of the file drops the process's locks on it
        assertThat(perlLock(f, "F_SETLK", 0)).isEqualTo("locked");
        Syscalls.close(fd);
    }

    @Test
    void blockingSetlkw_waitsForTheHolder() throws Exception {
        Path f = Files.writeString(t.m("wait.lock"), "data");
        int holder = Syscalls.open(f, Syscalls.O_RDWR, 0);
        int waiter = Syscalls.open(f, Syscalls.O_RDWR, 0);
        try {
            Syscalls.fcntlLock(holder, Syscalls.F_OFD_SETLK, Syscalls.F_WRLCK, 0, 0);
            assertThatThrownBy(() -> Syscalls.fcntlLock(waiter, Syscalls.F_OFD_SETLK, Syscalls.F_WRLCK, 0, 0))
                    .isInstanceOfSatisfying(
                            Syscalls.Failed.class, e -> assertThat(e.errno).isEqualTo(Syscalls.EAGAIN));
            CompletableFuture<long[]> waiting = CompletableFuture.supplyAsync(
                    () -> Syscalls.fcntlLock(waiter, Syscalls.F_OFD_SETLKW, Syscalls.F_WRLCK, 0, 0));
            Thread.sleep(500);
            assertThat(waiting).as("still waiting while the holder holds").isNotDone();
            Syscalls.fcntlLock(holder, Syscalls.F_OFD_SETLK, Syscalls.F_UNLCK, 0, 0);
            waiting.get(10, TimeUnit.SECONDS);
            assertThat(probe.calls("setlkw")).isPositive();
        } finally {
            Syscalls.close(holder);
            Syscalls.close(waiter);
        }
    }

    @Test
    void blockingSetlkw_isInterruptedBySignal() throws Exception {
        Path f = Files.writeString(t.m("intr.lock"), "data");
        int fd = Syscalls.open(f, Syscalls.O_RDWR, 0);
        try {
            Syscalls.fcntlLock(fd, Syscalls.F_SETLK, Syscalls.F_WRLCK, 0, 0);
            long start = System.nanoTime();
            assertThat(perlLock(f, "F_SETLKW", 1)).isEqualTo("EINTR");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
        } finally {
            Syscalls.close(fd);
        }
    }

    @Test
    void flock_excludes_waits_andIsInterruptible() throws Exception {
        Path f = Files.writeString(t.m("bsd.lock"), "data");
        int a = Syscalls.open(f, Syscalls.O_RDONLY, 0), b = Syscalls.open(f, Syscalls.O_RDONLY, 0);
        try {
            Syscalls.flock(a, Syscalls.LOCK_EX);
            assertThatThrownBy(() -> Syscalls.flock(b, Syscalls.LOCK_EX | Syscalls.LOCK_NB))
                    .isInstanceOfSatisfying(
                            Syscalls.Failed.class, e -> assertThat(e.errno).isEqualTo(Syscalls.EAGAIN));
            Process host = new ProcessBuilder("flock", "-n", t.h("bsd.lock").toString(), "true").start();
            assertThat(host.waitFor())
                    .as("flock(1) on the host file is refused")
                    .isEqualTo(1);
            long start = System.nanoTime();
            Process timed = new ProcessBuilder("flock", "-w", "1", f.toString(), "true").start();
            assertThat(timed.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(timed.exitValue())
                    .as("flock -w 1 gave up (SIGALRM interrupted the wait)")
                    .isEqualTo(1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(900));
            CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> Syscalls.flock(b, Syscalls.LOCK_EX));
            Thread.sleep(300);
            assertThat(waiting).isNotDone();
            Syscalls.flock(a, Syscalls.LOCK_UN);
            waiting.get(10, TimeUnit.SECONDS);
        } finally {
            Syscalls.close(a);
            Syscalls.close(b);
        }
        assertThat(probe.calls("flock")).isGreaterThanOrEqualTo(4);
    }
}

package io.aetherfs.fuse.passthrough;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.fuse.Capability;
import io.aetherfs.fuse.MountOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The passthrough really mounted, every operation driven through ordinary system calls on the mount (NIO,
 * and {@link Syscalls} where NIO has no call), the results checked against the host's own view of the
 * source directory.
 */
@Timeout(60)
class PassthroughIT {

    static TestMount t;
    static ProbeFs probe;

    @BeforeAll
    static void mount() throws IOException {
        t = TestMount.mount(
                "passthrough",
                source -> probe = new ProbeFs(source, PassthroughOptions.defaults()),
                MountOptions.defaults().callbackTimeout(Duration.ofSeconds(20)));
    }

    @AfterAll
    static void unmount() throws IOException {
        if (t != null) {
            t.close();
            assertThat(TestMount.isMounted(t.mnt)).isFalse();
        }
    }

    static Object attr(Path p, String name) throws IOException {
        return Files.getAttribute(p, "unix:" + name, LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void files_createWriteReadTruncate_matchHost() throws IOException {
        Path f = t.m("file.txt");
        Files.writeString(f, "hello, passthrough\n");
        assertThat(Files.readString(t.h("file.txt"))).isEqualTo("hello, passthrough\n");
        Files.writeString(f, "more\n", StandardOpenOption.APPEND);
        assertThat(Files.readString(f)).isEqualTo("hello, passthrough\nmore\n");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(5);
            ch.write(ByteBuffer.wrap("!".getBytes(UTF_8)), 5);
            ch.force(true); // fsync
        }
        assertThat(Files.readString(f)).isEqualTo("hello!");
        assertThat(Files.readString(t.h("file.txt"))).isEqualTo("hello!");
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(7).nextBytes(big);
        Files.write(t.m("big.bin"), big);
        assertThat(Files.readAllBytes(t.m("big.bin"))).isEqualTo(big);
        assertThat(Files.readAllBytes(t.h("big.bin"))).isEqualTo(big);
        Files.delete(f);
        assertThat(t.h("file.txt")).doesNotExist();
    }

    @Test
    void attributes_areTheHostOnes_andSetattrChangesThem() throws IOException {
        Path f = t.m("attrs.txt");
        Files.writeString(f, "x");
        assertThat(attr(f, "ino")).isEqualTo(attr(t.h("attrs.txt"), "ino"));
        assertThat(attr(f, "dev")).isNotEqualTo(attr(t.h("attrs.txt"), "dev"));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwx--x---"));
        assertThat(Files.getPosixFilePermissions(t.h("attrs.txt")))
                .isEqualTo(PosixFilePermissions.fromString("rwx--x---"));
        FileTime when = FileTime.from(Instant.parse("2001-02-03T04:05:06.123456789Z"));
        Files.setLastModifiedTime(f, when);
        assertThat(Files.getLastModifiedTime(t.h("attrs.txt"))).isEqualTo(when);
        assertThat(Files.getLastModifiedTime(f)).isEqualTo(when);
        Files.setAttribute(f, "unix:uid", 1234);
        Files.setAttribute(f, "unix:gid", 4321);
        assertThat(attr(t.h("attrs.txt"), "uid")).isEqualTo(1234);
        assertThat(attr(f, "gid")).isEqualTo(4321);
        assertThat(Files.size(f)).isEqualTo(1);
    }

    @Test
    void hardLinks_shareOneInode_andCountLinks() throws IOException {
        Path a = t.m("link-a");
        Files.writeString(a, "shared");
        Path b = Files.createLink(t.m("link-b"), a);
        assertThat(attr(b, "ino")).isEqualTo(attr(a, "ino")).isEqualTo(attr(t.h("link-a"), "ino"));
        assertThat(attr(a, "nlink")).isEqualTo(2);
        assertThat(attr(b, "nlink")).isEqualTo(2);
        assertThat(attr(t.h("link-b"), "nlink")).isEqualTo(2);
        Files.writeString(b, "changed via b");
        assertThat(Files.readString(a)).isEqualTo("changed via b");
        Files.delete(a);
        assertThat(attr(b, "nlink")).isEqualTo(1);
        assertThat(Files.readString(b)).isEqualTo("changed via b");
    }

    @Test
    void directories_mkdirReaddirRmdir_largeListingsMatchHost() throws IOException {
        Path d = Files.createDirectory(t.m("big-dir"));
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 1500; i++) {
            String name = "entry-with-a-longish-name-" + i;
            Files.createFile(t.h("big-dir").resolve(name)); // made on the host, listed through the mount
            expected.add(name);
        }
        long plusBefore = probe.calls("readdirplus");
        try (Stream<Path> list = Files.list(d)) {
            assertThat(list.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
        assertThat(probe.calls("readdirplus")).isGreaterThan(plusBefore);
        try (Stream<Path> list = Files.list(d)) {
            for (Path p : list.toList()) {
                assertThat(attr(p, "ino")).isEqualTo(attr(t.h("big-dir").resolve(p.getFileName()), "ino"));
            }
        }
        Files.createDirectories(t.m("tree/a/b/c"));
        assertThat(t.h("tree/a/b/c")).isDirectory();
        assertThatThrownBy(() -> Files.delete(t.m("tree/a")))
                .isInstanceOf(java.nio.file.DirectoryNotEmptyException.class);
        Files.delete(t.m("tree/a/b/c"));
        assertThat(t.h("tree/a/b/c")).doesNotExist();
    }

    @Test
    void symlinksAndSpecialFiles_readlinkAndMknod() throws IOException {
        Files.writeString(t.m("target.txt"), "pointed at");
        Path link = Files.createSymbolicLink(t.m("sym"), Path.of("target.txt"));
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("target.txt"));
        assertThat(Files.readSymbolicLink(t.h("sym"))).isEqualTo(Path.of("target.txt"));
        assertThat(Files.readString(link)).isEqualTo("pointed at");
        Syscalls.mknod(t.m("fifo"), 0010644, 0); // S_IFIFO
        assertThat((Integer) attr(t.h("fifo"), "mode") & 0170000).isEqualTo(0010000);
        assertThat((Integer) attr(t.m("fifo"), "mode") & 0170000).isEqualTo(0010000);
    }

    @Test
    void rename_plainNoreplaceAndExchange() throws IOException {
        Files.writeString(t.m("r1"), "one");
        Files.writeString(t.m("r2"), "two");
        Syscalls.renameat2(t.m("r1"), t.m("r2"), Syscalls.RENAME_EXCHANGE);
        assertThat(Files.readString(t.m("r1"))).isEqualTo("two");
        assertThat(Files.readString(t.m("r2"))).isEqualTo("one");
        assertThat(Files.readString(t.h("r1"))).isEqualTo("two");
        assertThat(probe.calls("rename/" + Syscalls.RENAME_EXCHANGE)).isEqualTo(1);
        assertThatThrownBy(() -> Syscalls.renameat2(t.m("r1"), t.m("r2"), Syscalls.RENAME_NOREPLACE))
                .isInstanceOfSatisfying(
                        Syscalls.Failed.class, e -> assertThat(e.errno).isEqualTo(Syscalls.EEXIST));
        Files.createDirectory(t.m("rdir"));
        Files.move(t.m("r1"), t.m("rdir/moved"));
        assertThat(Files.readString(t.h("rdir/moved"))).isEqualTo("two");
        assertThatThrownBy(() -> Files.move(t.m("r2"), t.m("rdir/moved")))
                .isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void xattrs_setGetListRemove() throws IOException {
        Path f = Files.writeString(t.m("xattr.txt"), "x");
        UserDefinedFileAttributeView v = Files.getFileAttributeView(f, UserDefinedFileAttributeView.class);
        v.write("colour", ByteBuffer.wrap("blue".getBytes(UTF_8)));
        v.write("size", ByteBuffer.wrap(new byte[3000]));
        assertThat(v.list()).containsExactlyInAnyOrder("colour", "size");
        assertThat(v.size("size")).isEqualTo(3000);
        ByteBuffer buf = ByteBuffer.allocate(v.size("colour"));
        v.read("colour", buf);
        assertThat(new String(buf.array(), UTF_8)).isEqualTo("blue");
        UserDefinedFileAttributeView host =
                Files.getFileAttributeView(t.h("xattr.txt"), UserDefinedFileAttributeView.class);
        assertThat(host.list()).containsExactlyInAnyOrder("colour", "size");
        v.delete("colour");
        assertThat(host.list()).containsExactly("size");
    }

    @Test
    void statfsAndAccess_reportTheHost() throws IOException {
        assertThat(Files.getFileStore(t.mnt).getTotalSpace())
                .isEqualTo(Files.getFileStore(t.source).getTotalSpace());
        Path f = Files.writeString(t.m("access.txt"), "x");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        long before = probe.calls("access");
        assertThat(Files.isExecutable(f)).isFalse();
        Syscalls.access(f, 4); // R_OK
        assertThat(probe.calls("access")).isGreaterThan(before);
    }

    @Test
    void fallocate_allocatesAndPunchesHoles() throws IOException {
        Path f = t.m("falloc.bin");
        int fd = Syscalls.open(f, Syscalls.O_RDWR | Syscalls.O_CREAT, 0644);
        try {
            Syscalls.fallocate(fd, 0, 0, 1 << 20);
            assertThat(Files.size(t.h("falloc.bin"))).isEqualTo(1 << 20);
            assertThat((Long) attr(t.h("falloc.bin"), "size")).isEqualTo(1 << 20);
            Syscalls.fallocate(fd, Syscalls.FALLOC_FL_PUNCH_HOLE | Syscalls.FALLOC_FL_KEEP_SIZE, 0, 512 * 1024);
            assertThat(Files.size(t.h("falloc.bin"))).isEqualTo(1 << 20);
            int hfd = Syscalls.open(t.h("falloc.bin"), Syscalls.O_RDONLY, 0);
            try {
                assertThat(Syscalls.lseek(fd, 0, Syscalls.SEEK_HOLE))
                        .isEqualTo(Syscalls.lseek(hfd, 0, Syscalls.SEEK_HOLE));
            } finally {
                Syscalls.close(hfd);
            }
        } finally {
            Syscalls.close(fd);
        }
        assertThat(probe.calls("fallocate")).isEqualTo(2);
    }

    @Test
    void lseek_seekDataAndSeekHole_matchTheHost() throws IOException {
        Path f = t.m("sparse.bin");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[4096]), 0);
            ch.write(ByteBuffer.wrap(new byte[8192]), 3 << 20);
            ch.write(ByteBuffer.wrap(new byte[100]), 9 << 20);
        }
        int mfd = Syscalls.open(f, Syscalls.O_RDONLY, 0), hfd = Syscalls.open(t.h("sparse.bin"), Syscalls.O_RDONLY, 0);
        try {
            for (long off : List.of(0L, 100L, 4096L, 1L << 20, 3L << 20, (3L << 20) + 9000, 5L << 20, 9L << 20)) {
                for (int whence : List.of(Syscalls.SEEK_DATA, Syscalls.SEEK_HOLE)) {
                    assertThat(Syscalls.lseek(mfd, off, whence))
                            .as("whence %d from %d", whence, off)
                            .isEqualTo(Syscalls.lseek(hfd, off, whence));
                }
            }
            assertThatThrownBy(() -> Syscalls.lseek(mfd, 10L << 20, Syscalls.SEEK_DATA))
                    .isInstanceOf(Syscalls.Failed.class);
        } finally {
            Syscalls.close(mfd);
            Syscalls.close(hfd);
        }
        assertThat(probe.calls("lseek")).isGreaterThanOrEqualTo(16);
    }

    @Test
    void copyFileRange_copiesWithinTheMount() throws IOException {
        byte[] data = new byte[200_000];
        new java.util.Random(3).nextBytes(data);
        Files.write(t.m("cfr-src"), data);
        int in = Syscalls.open(t.m("cfr-src"), Syscalls.O_RDONLY, 0);
        int out = Syscalls.open(t.m("cfr-dst"), Syscalls.O_RDWR | Syscalls.O_CREAT, 0644);
        try {
            long copied = 0;
            while (copied < 150_000) {
                copied += Syscalls.copyFileRange(in, 1000 + copied, out, copied, 150_000 - copied);
            }
        } finally {
            Syscalls.close(in);
            Syscalls.close(out);
        }
        assertThat(Files.readAllBytes(t.h("cfr-dst"))).isEqualTo(java.util.Arrays.copyOfRange(data, 1000, 151_000));
        assertThat(probe.calls("copy_file_range")).isPositive();
    }

    @Test
    void nonUtf8Names_roundTrip() throws IOException {
        byte[] name = {'l', 'a', 't', 'i', 'n', '-', (byte) 0xe9, '.', 't', 'x', 't'}; // ISO-8859-1, not UTF-8
        byte[] hostPath = concat(t.source.toString().getBytes(UTF_8), new byte[] {'/'}, name);
        byte[] mountPath = concat(t.mnt.toString().getBytes(UTF_8), new byte[] {'/'}, name);
        Syscalls.close(Syscalls.open(mountPath, Syscalls.O_RDWR | Syscalls.O_CREAT, 0644));
        assertThat(Syscalls.inodeOf(mountPath)).isEqualTo(Syscalls.inodeOf(hostPath));
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void notifyInval_makesHostChangesVisibleBeforeTheTimeout() throws Exception {
        Files.writeString(t.h("behind.txt"), "one");
        assertThat(Files.readString(t.m("behind.txt"))).isEqualTo("one");
        Files.writeString(t.h("behind.txt"), "two"); // behind the kernel's back: it still has "one" cached
        assertThat(Files.readString(t.m("behind.txt"))).isEqualTo("one");
        t.fs.hostChanged(t.session, Path.of("behind.txt"));
        assertThat(Files.readString(t.m("behind.txt"))).isEqualTo("two");

        assertThat(Files.exists(t.m("appears.txt"))).isFalse(); // cached as absent for a day
        Files.writeString(t.h("appears.txt"), "new");
        assertThat(Files.exists(t.m("appears.txt"))).isFalse();
        t.fs.hostChanged(t.session, Path.of("appears.txt"));
        assertThat(Files.readString(t.m("appears.txt"))).isEqualTo("new");

        Files.delete(t.h("appears.txt"));
        t.fs.hostChanged(t.session, Path.of("appears.txt"));
        assertThat(Files.exists(t.m("appears.txt"))).isFalse();
    }

    @Test
    void connection_negotiatesLocksReaddirplusAndCaching() {
        assertThat(t.session.connection().wanted())
                .contains(
                        Capability.POSIX_LOCKS,
                        Capability.FLOCK_LOCKS,
                        Capability.READDIRPLUS,
                        Capability.READDIRPLUS_AUTO,
                        Capability.PARALLEL_DIROPS,
                        Capability.ASYNC_READ,
                        Capability.CACHE_SYMLINKS);
        assertThatThrownBy(() -> t.session.connection().want(Capability.WRITEBACK_CACHE))
                .isInstanceOf(IllegalStateException.class);
    }
}

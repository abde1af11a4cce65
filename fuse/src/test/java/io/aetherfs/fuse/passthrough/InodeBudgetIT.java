package io.aetherfs.fuse.passthrough;

import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.fuse.MountOptions;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The passthrough keeps one descriptor per inode the kernel caches; with a tree larger than its budget the
 * pruner makes the kernel forget the least recently used ones, so the mount never runs out of descriptors.
 */
@Timeout(120)
class InodeBudgetIT {

    @Test
    void moreFilesThanTheBudget_keepTheTableWithinIt_andStayReachable() throws Exception {
        try (TestMount t = TestMount.mount("budget", PassthroughOptions.defaults(), MountOptions.defaults())) {
            t.fs.attach(t.session, 500); // prunes above 400 cached inodes, down to 300
            Path dir = Files.createDirectory(t.h("many"));
            for (int i = 0; i < 3000; i++) {
                Files.createFile(dir.resolve("f" + i));
            }
            int peak = 0;
            for (int i = 0; i < 3000; i++) {
                assertThat(Files.getAttribute(t.m("many/f" + i), "unix:ino", LinkOption.NOFOLLOW_LINKS))
                        .isEqualTo(Files.getAttribute(dir.resolve("f" + i), "unix:ino"));
                peak = Math.max(peak, t.fs.inodeCount());
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (t.fs.inodeCount() > 400 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            System.out.printf("inode table: peak %d while looking up 3,000 files, %d after%n", peak, t.fs.inodeCount());
            assertThat(t.fs.inodeCount()).isLessThanOrEqualTo(400);
            assertThat(peak).isLessThan(3000);
            for (int i = 0; i < 3000; i += 7) {
                assertThat(Files.exists(t.m("many/f" + i))).isTrue();
            }
        }
    }
}

package io.aetherfs.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's example filesystem, mounted: the proof that the example compiles and works as shown. */
@Timeout(60)
class HelloFsIT {

    @Test
    void helloFs_listsReadsAndRefusesWrites() throws Exception {
        Path mnt = Path.of(System.getProperty("fuse.it.dir", "target/fuse-it"), "hello")
                .toAbsolutePath();
        Files.createDirectories(mnt);
        try (FuseSession s =
                FuseSession.mount(new HelloFs(), mnt, MountOptions.defaults().workers(2))) {
            try (Stream<Path> list = Files.list(mnt)) {
                assertThat(list.map(p -> p.getFileName().toString())).containsExactly("hello");
            }
            assertThat(Files.readString(mnt.resolve("hello"))).isEqualTo("Hello from Java!\n");
            assertThat(Files.size(mnt.resolve("hello"))).isEqualTo(17);
            assertThatThrownBy(() -> Files.newOutputStream(mnt.resolve("hello"), StandardOpenOption.WRITE))
                    .isInstanceOf(AccessDeniedException.class);
            assertThat(Files.exists(mnt.resolve("nothing"))).isFalse();
            assertThat(s.stats().requests()).isPositive();
        }
        assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo"))).noneMatch(l -> l.contains(" " + mnt + " "));
    }
}

package io.aetherfs.fuse.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** File names survive the trip between kernel bytes and Java strings unchanged, UTF-8 or not. */
class NamesTest {

    static MemorySegment c(Arena a, byte[] bytes) {
        MemorySegment s = a.allocate(bytes.length + 1L);
        MemorySegment.copy(bytes, 0, s, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return s;
    }

    @Test
    void decode_asciiAndUtf8_areTheUsualStrings() {
        try (Arena a = Arena.ofConfined()) {
            assertThat(Names.decode(c(a, "Makefile.am".getBytes(StandardCharsets.UTF_8))))
                    .isEqualTo("Makefile.am");
            assertThat(Names.decode(c(a, "grüße-日本.txt".getBytes(StandardCharsets.UTF_8))))
                    .isEqualTo("grüße-日本.txt");
            assertThat(Names.decode(c(a, "🙂".getBytes(StandardCharsets.UTF_8))))
                    .isEqualTo("🙂");
        }
    }

    @Test
    void invalidUtf8_becomesLoneSurrogates_andEncodesBackToTheSameBytes() {
        byte[] latin1 = {'c', 'a', 'f', (byte) 0xe9};
        String s = Names.decode(latin1);
        assertThat(s).isEqualTo("caf\udce9");
        assertThat(Names.encode(s)).isEqualTo(latin1);
    }

    @Test
    void randomBytes_roundTrip() {
        Random r = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            byte[] b = new byte[1 + r.nextInt(40)];
            r.nextBytes(b);
            for (int j = 0; j < b.length; j++) {
                if (b[j] == 0 || b[j] == '/') {
                    b[j] = 'x';
                }
            }
            assertThat(Names.encode(Names.decode(b))).as("case %d", i).isEqualTo(b);
        }
    }

    @Test
    void toC_isNulTerminated() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = Names.toC("dir", a);
            assertThat(s.byteSize()).isEqualTo(4);
            assertThat(s.get(ValueLayout.JAVA_BYTE, 3)).isZero();
            assertThat(Names.decode(s)).isEqualTo("dir");
        }
    }
}

package io.aetherfs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void line_withTotal_showsBarPercentRateAndEta() {
        String line = Progress.line("upload", 512 * 1024, 2 * 1024 * 1024, 1.0);

        assertThat(line).isEqualTo("upload [######..................]  25% 512.0 KiB / 2.0 MiB  512.0 KiB/s  ETA 0:03");
    }

    @Test
    void line_withoutTotal_showsBytesAndRateOnly() {
        assertThat(Progress.line("export", 3 * 1024 * 1024, -1, 2.0)).isEqualTo("export 3.0 MiB  1.5 MiB/s");
    }

    @Test
    void notATerminal_drawsNothing() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (Progress p = new Progress(new PrintStream(err), false, "x", 10);
                OutputStream out = p.counting(OutputStream.nullOutputStream())) {
            out.write(new byte[10]);
        }
        assertThat(err.toByteArray()).isEmpty();
    }

    @Test
    void terminal_drawsInPlaceAndEndsTheLine() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (Progress p = new Progress(new PrintStream(err), true, "x", 10);
                OutputStream out = p.counting(OutputStream.nullOutputStream())) {
            out.write(new byte[10]);
        }
        String drawn = err.toString(StandardCharsets.UTF_8);
        assertThat(drawn).startsWith("\r").contains("100%").endsWith(System.lineSeparator());
    }
}

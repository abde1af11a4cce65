package io.aetherfs.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * A progress bar on stderr for uploads, imports and exports: done/total, rate and ETA, redrawn in place at
 * most ten times a second. It draws nothing unless stderr is a terminal, so scripts and pipes see no
 * progress output. An unknown total (negative) shows bytes and rate only.
 */
public final class Progress implements AutoCloseable {
    private static final long REDRAW_NANOS = 100_000_000;
    private static final int BAR = 24;

    private final PrintStream err;
    private final boolean enabled;
    private final String label;
    private final long started = System.nanoTime();
    private long total;
    private long done;
    private long drawnAt;
    private boolean drawn;

    Progress(PrintStream err, boolean enabled, String label, long total) {
        this.err = err;
        this.enabled = enabled;
        this.label = label;
        this.total = total;
    }

    /** Sets the amount done (and the total, when it became known); redraws when due. */
    public synchronized void update(long done, long total) {
        this.total = total;
        update(done);
    }

    /** Sets the amount done; redraws when due. */
    public synchronized void update(long done) {
        this.done = done;
        long now = System.nanoTime();
        if (enabled && (!drawn || now - drawnAt >= REDRAW_NANOS)) {
            draw(now);
        }
    }

    /** Returns {@code out} counting every byte written through it into this progress. */
    public OutputStream counting(OutputStream out) {
        return new FilterOutputStream(out) {
            private long n;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                n += len;
                update(n);
            }

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                update(++n);
            }
        };
    }

    /** Returns the line as drawn for {@code done} of {@code total} after {@code seconds}. */
    static String line(String label, long done, long total, double seconds) {
        double rate = seconds > 0 ? done / seconds : 0;
        StringBuilder b = new StringBuilder(label).append(' ');
        if (total > 0) {
            int filled = (int) Math.min(BAR, BAR * done / total);
            b.append('[')
                    .append("#".repeat(filled))
                    .append(".".repeat(BAR - filled))
                    .append("] ");
            b.append(String.format("%3d%% ", Math.min(100, 100 * done / total)));
            b.append(Formats.bytes(done)).append(" / ").append(Formats.bytes(total));
        } else {
            b.append(Formats.bytes(done));
        }
        b.append("  ").append(Formats.bytes(rate)).append("/s");
        if (total > 0 && rate > 0) {
            long eta = (long) Math.ceil(Math.max(0, total - done) / rate);
            b.append("  ETA ").append(String.format("%d:%02d", eta / 60, eta % 60));
        }
        return b.toString();
    }

    private void draw(long now) {
        drawnAt = now;
        drawn = true;
        err.print("\r\033[K" + line(label, done, total, (now - started) / 1e9));
        err.flush();
    }

    /** Draws the final state and ends the line. */
    @Override
    public synchronized void close() {
        if (enabled) {
            draw(System.nanoTime());
            err.println();
        }
    }
}

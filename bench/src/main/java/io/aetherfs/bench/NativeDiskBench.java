package io.aetherfs.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Baselines for {@link WriteReadBench} on the same disk and with the same concurrency: a durable 4 KiB
 * file replacement done natively (write a temp file, fsync it, rename it over the target) and a 4 KiB
 * file read served from the page cache.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(WriteReadBench.CONCURRENCY)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
public class NativeDiskBench {

    /** A scratch directory with the files that reads pick from. */
    @State(Scope.Benchmark)
    public static class Disk {
        Path dir;
        Path[] readPaths;

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = BenchDirs.fresh("native");
            readPaths = new Path[WriteReadBench.READ_FILES];
            for (int i = 0; i < readPaths.length; i++) {
                readPaths[i] = dir.resolve(String.format("data/d%02d/r%04d.bin", i / 50, i));
                Files.createDirectories(readPaths[i].getParent());
                Files.write(readPaths[i], Payload.bytes(i, WriteReadBench.FILE_BYTES));
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            BenchDirs.delete(dir);
        }
    }

    /** One caller with its own target files, temp file name and buffers. */
    @State(Scope.Thread)
    public static class Client {
        Path[] targets;
        Path temp;
        byte[] payload;
        long written;
        SplittableRandom random;

        @Setup(Level.Trial)
        public void open(Disk disk, ThreadParams thread) throws IOException {
            int t = thread.getThreadIndex();
            Path own = Files.createDirectories(disk.dir.resolve(String.format("out/t%02d", t)));
            targets = new Path[WriteReadBench.FILES_PER_WRITER];
            for (int i = 0; i < targets.length; i++) {
                targets[i] = own.resolve(String.format("w%02d.bin", i));
            }
            temp = own.resolve(".tmp");
            payload = Payload.bytes(100_000 + t, WriteReadBench.FILE_BYTES);
            random = new SplittableRandom(t);
        }
    }

    @Benchmark
    public Path writeFsyncRename(Client c) throws IOException {
        return replaceDurably(c);
    }

    /** The latency floor of any acknowledged change on this disk: one durable replacement, one caller. */
    @Benchmark
    @Threads(1)
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Path writeFsyncRenameAlone(Client c) throws IOException {
        return replaceDurably(c);
    }

    @Benchmark
    public byte[] readPageCache(Disk disk, Client c) throws IOException {
        return Files.readAllBytes(disk.readPaths[c.random.nextInt(disk.readPaths.length)]);
    }

    /** Writes a temp file, fsyncs it and renames it over the caller's next target. */
    private static Path replaceDurably(Client c) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(c.payload);
        buf.putLong(0, c.written);
        try (FileChannel ch = FileChannel.open(
                c.temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        return Files.move(c.temp, c.targets[(int) (c.written++ % c.targets.length)], StandardCopyOption.ATOMIC_MOVE);
    }
}

package io.aetherfs.bench;

import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.service.files.EntryView;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Throughput of 4 KiB whole-file writes and reads through the services with 32 concurrent callers on
 * one session. Every write is acknowledged only once durable; reads pick random files among 1,000
 * written and folded in setup.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(WriteReadBench.CONCURRENCY)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx4g", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
public class WriteReadBench {
    static final int CONCURRENCY = 32;
    static final int FILE_BYTES = 4096;
    static final int READ_FILES = 1000;
    /** Each caller cycles over this many files of its own, so writes mostly replace existing files. */
    static final int FILES_PER_WRITER = 64;

    /** The engine and the two sessions all callers share. */
    @State(Scope.Benchmark)
    public static class Shared {
        @Param({"sqlite", "memory"})
        public String backend;

        BenchFixture fixture;
        SessionId writes;
        SessionId reads;
        FsPath[] readPaths;

        @Setup(Level.Trial)
        public void open() {
            fixture = BenchFixture.open(backend);
            writes = fixture.newSession("writes");
            reads = fixture.newSession("reads");
            readPaths = new FsPath[READ_FILES];
            for (int i = 0; i < READ_FILES; i++) {
                readPaths[i] = FsPath.parse(String.format("data/d%02d/r%04d.bin", i / 50, i));
                fixture.write(reads, readPaths[i], Payload.bytes(i, FILE_BYTES));
            }
            fixture.flush();
        }

        @TearDown(Level.Trial)
        public void close() {
            fixture.close();
        }
    }

    /** One caller: its own files and a payload it stamps so that every write stores new content. */
    @State(Scope.Thread)
    public static class Client {
        FsPath[] paths;
        byte[] payload;
        long written;
        SplittableRandom random;

        @Setup(Level.Trial)
        public void open(ThreadParams thread) {
            int t = thread.getThreadIndex();
            paths = new FsPath[FILES_PER_WRITER];
            for (int i = 0; i < paths.length; i++) {
                paths[i] = FsPath.parse(String.format("out/t%02d/w%02d.bin", t, i));
            }
            payload = Payload.bytes(100_000 + t, FILE_BYTES);
            random = new SplittableRandom(t);
        }

        FsPath nextWrite() {
            ByteBuffer.wrap(payload).putLong(written);
            return paths[(int) (written++ % paths.length)];
        }
    }

    @Benchmark
    public EntryView write(Shared s, Client c) {
        return s.fixture.write(s.writes, c.nextWrite(), c.payload);
    }

    @Benchmark
    public byte[] read(Shared s, Client c) {
        return s.fixture.read(s.reads, s.readPaths[c.random.nextInt(READ_FILES)]);
    }
}

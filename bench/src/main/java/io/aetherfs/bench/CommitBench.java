package io.aetherfs.bench;

import io.aetherfs.core.model.Commit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Server-side latency of committing ten changed files on a 100,000-file tree. Each call commits exactly
 * the ten files an untimed per-invocation setup rewrote (the tree's own first commit is made in setup).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx4g", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class CommitBench {
    @Param({"100000"})
    public int files;

    @Param({"sqlite", "memory"})
    public String backend;

    private PopulatedTree tree;
    private int round;

    @Setup(Level.Trial)
    public void open() {
        tree = PopulatedTree.open(backend, files);
        tree.fixture().services().commits().commit(BenchFixture.CALLER, tree.session(), "import", null, false);
    }

    /** Rewrites ten files in ten directories before each commit (not timed). */
    @Setup(Level.Invocation)
    public void tenChanges() {
        tree.fixture().changeRound(tree.session(), tree.shape(), round++);
    }

    @Benchmark
    public Commit commit() {
        return tree.fixture()
                .services()
                .commits()
                .commit(BenchFixture.CALLER, tree.session(), "ten changes", null, false);
    }

    @TearDown(Level.Trial)
    public void close() {
        tree.close();
    }
}

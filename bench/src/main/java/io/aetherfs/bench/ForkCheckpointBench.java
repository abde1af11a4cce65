package io.aetherfs.bench;

import io.aetherfs.core.model.Checkpoint;
import io.aetherfs.service.session.SessionView;
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
 * Latency of fork and checkpoint through the services, on sessions of 100 to 100,000 files that hold
 * ten pending (unfolded) changes before every call — the budget's "≤ 10 pending changes", worst case.
 * The budget wants both flat across sizes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx4g", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class ForkCheckpointBench {
    @Param({"100", "10000", "100000"})
    public int files;

    @Param({"sqlite", "memory"})
    public String backend;

    private PopulatedTree tree;
    private int round;

    @Setup(Level.Trial)
    public void open() {
        tree = PopulatedTree.open(backend, files);
    }

    /** Leaves ten pending changes in ten directories before each call (not timed). */
    @Setup(Level.Invocation)
    public void pendingChanges() {
        tree.fixture().changeRound(tree.session(), tree.shape(), round++);
    }

    @Benchmark
    public SessionView fork() {
        return tree.fixture().services().sessions().fork(BenchFixture.CALLER, tree.session(), null, null, "fork");
    }

    @Benchmark
    public Checkpoint checkpoint() {
        return tree.fixture().services().checkpoints().create(BenchFixture.CALLER, tree.session(), null, null);
    }

    @TearDown(Level.Trial)
    public void close() {
        tree.close();
    }
}

package io.aetherfs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Baseline for {@link ForkCheckpointBench#checkpoint} and {@link CommitBench}: recording ten changed
 * files of the same tree with git ({@code git add -A && git commit}), the ten files rewritten before
 * each call without timing, as in the engine benchmarks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class CheckpointBaselineBench {
    @Param({"100", "10000", "100000"})
    public int files;

    private Path repo;
    private TreeShape shape;
    private int round;

    @Setup(Level.Trial)
    public void open() {
        repo = GitRepo.open(files);
        shape = new TreeShape(files);
        // A fresh version range per trial, so a rewrite never restores what an earlier run committed.
        round = ThreadLocalRandom.current().nextInt(1 << 16) * 1000;
    }

    @Setup(Level.Invocation)
    public void tenChanges() throws IOException {
        for (int k = 0; k < TreeShape.CHANGES_PER_ROUND; k++) {
            int i = shape.changedFile(round, k);
            Files.write(repo.resolve(TreeShape.path(i)), TreeShape.content(i, round + 1));
        }
        round++;
    }

    @Benchmark
    public void gitCommit() {
        GitRepo.git(repo, "add", "-A");
        GitRepo.git(repo, "commit", "-q", "-m", "ten changes");
    }
}

package io.aetherfs.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * Baselines for {@link ForkCheckpointBench#fork}: what giving an agent its own copy of the same tree
 * costs natively — {@code git worktree add --detach} of a repository holding it, and {@code cp -r} of
 * the plain tree. Wall time of the command; removing the copy afterwards is not timed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class ForkBaselineBench {
    @Param({"100", "10000", "100000"})
    public int files;

    private Path repo;
    private Path target;
    private boolean worktree;
    private int made;

    @Setup(Level.Trial)
    public void open() {
        repo = GitRepo.open(files);
    }

    @Benchmark
    public Path gitWorktreeAdd() {
        target = nextTarget(true);
        GitRepo.git(repo, "worktree", "add", "-q", "--detach", target.toString());
        return target;
    }

    @Benchmark
    public Path copyTree() {
        target = nextTarget(false);
        GitRepo.run(repo, List.of("cp", "-r", repo.resolve("src").toString(), target.toString()));
        return target;
    }

    /** Removes the copy the last call made (not timed). */
    @TearDown(Level.Invocation)
    public void removeCopy() {
        if (target == null) {
            return;
        }
        if (worktree) {
            GitRepo.git(repo, "worktree", "remove", "--force", target.toString());
        }
        if (Files.exists(target)) {
            GitRepo.run(repo, List.of("rm", "-rf", target.toString()));
        }
        target = null;
    }

    @TearDown(Level.Trial)
    public void close() {
        GitRepo.git(repo, "worktree", "prune");
    }

    private Path nextTarget(boolean isWorktree) {
        worktree = isWorktree;
        return BenchDirs.root()
                .resolve("work")
                .resolve("copy-" + ProcessHandle.current().pid() + "-" + made++);
    }
}

package io.aetherfs.core.gc;

import java.util.ArrayList;
import java.util.List;

/**
 * What one fsck found: how much it checked and every problem, each saying whether --repair moved a
 * corrupt copy aside. The tree is clean only when there were no problems at all (exit code 0).
 */
public record FsckReport(
        int tenants,
        long sessions,
        long roots,
        long nodesChecked,
        long inlineExtentsChecked,
        long blobsChecked,
        long blobBytesRead,
        List<Problem> problems) {

    public FsckReport {
        problems = List.copyOf(problems);
    }

    /** Returns whether nothing was wrong. */
    public boolean clean() {
        return problems.isEmpty();
    }

    /** Returns how many problems --repair dealt with. */
    public long repaired() {
        return problems.stream().filter(Problem::repaired).count();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append("fsck: ")
                .append(tenants)
                .append(tenants == 1 ? " tenant, " : " tenants, ")
                .append(sessions)
                .append(" sessions, ")
                .append(roots)
                .append(" live roots; checked ")
                .append(nodesChecked)
                .append(" nodes, ")
                .append(inlineExtentsChecked)
                .append(" inline extents, ")
                .append(blobsChecked)
                .append(" blobs (")
                .append(blobBytesRead)
                .append(" bytes)\n");
        if (clean()) {
            b.append("clean\n");
            return b.toString();
        }
        b.append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems")
                .append(", ")
                .append(repaired())
                .append(" repaired:\n");
        for (Problem p : problems) {
            b.append("  ").append(p).append('\n');
        }
        return b.toString();
    }

    /** Accumulates the counts of a run, tenant by tenant. */
    static final class Builder {
        int tenants;
        long sessions;
        long roots;
        long nodesChecked;
        long inlineExtentsChecked;
        long blobsChecked;
        long blobBytesRead;
        final List<Problem> problems = new ArrayList<>();

        FsckReport build() {
            return new FsckReport(
                    tenants,
                    sessions,
                    roots,
                    nodesChecked,
                    inlineExtentsChecked,
                    blobsChecked,
                    blobBytesRead,
                    problems);
        }
    }
}

package io.aetherfs.cli.history;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.cli.Formats;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.proto.v1.MergeConflict;
import io.aetherfs.proto.v1.MergeFromRequest;
import io.aetherfs.proto.v1.MergeRequest;
import io.aetherfs.proto.v1.MergeResolution;
import io.aetherfs.proto.v1.MergeResult;
import io.aetherfs.proto.v1.MergeResultKind;
import io.aetherfs.proto.v1.MergeStrategy;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code afs merge}: merges a session into another: by default a fork into its ancestor (Merge), with
 * {@code --any} any readable session (MergeFrom). A conflict (also one a dry run foresees) exits 4.
 */
@Command(
        name = "merge",
        mixinStandardHelpOptions = true,
        description = {
            "Merge SOURCE into TARGET (by default SOURCE must be a fork of TARGET).",
            "A conflict prints the conflicting paths, leaves TARGET in CONFLICT and exits with 4;",
            "so does a --dry-run that would conflict (and changes nothing)."
        })
public final class MergeCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "TARGET_ID", description = "The session merged into (ours).")
    String target;

    @Parameters(index = "1", paramLabel = "SOURCE_ID", description = "The session merged from (theirs).")
    String source;

    @Option(names = "--any", description = "SOURCE may be any readable session, not only a fork of TARGET.")
    boolean any;

    @Option(
            names = "--strategy",
            paramLabel = "STRATEGY",
            description = "fail (default), ours or theirs: what decides the conflicts left.")
    String strategy = "fail";

    @Option(names = "--resolve", paramLabel = "PATH=ours|theirs", description = "Decide one path; repeatable.")
    Map<String, String> resolve = new LinkedHashMap<>();

    @Option(names = "--no-line-merge", description = "Do not try a line-level merge of text conflicts.")
    boolean noLineMerge;

    @Option(names = "--dry-run", description = "Compute the result without changing anything.")
    boolean dryRun;

    @Override
    protected ExitCode run(AetherFsClient client) {
        MergeStrategy s = strategy(strategy);
        Map<String, MergeResolution> resolutions = new LinkedHashMap<>();
        resolve.forEach((path, side) -> resolutions.put(path, resolution(side)));
        MergeResult result = any
                ? AetherFsClient.call(() -> client.persistence()
                        .mergeFrom(MergeFromRequest.newBuilder()
                                .setTargetSessionId(target)
                                .setSourceSessionId(source)
                                .setStrategy(s)
                                .putAllResolutions(resolutions)
                                .setLineMerge(!noLineMerge)
                                .setDryRun(dryRun)
                                .build()))
                : AetherFsClient.call(() -> client.persistence()
                        .merge(MergeRequest.newBuilder()
                                .setParentSessionId(target)
                                .setChildSessionId(source)
                                .setStrategy(s)
                                .putAllResolutions(resolutions)
                                .setLineMerge(!noLineMerge)
                                .setDryRun(dryRun)
                                .build()));
        output().one(result, this::print);
        return conflicted(result) ? ExitCode.CONFLICT : ExitCode.OK;
    }

    private void print(MergeResult r) {
        var out = output().out();
        out.println(Formats.name(r.getResult(), "MERGE_RESULT_") + ": " + ChangeViews.stats(r.getStats())
                + (r.getFingerprint().isEmpty() ? "" : ", fingerprint " + r.getFingerprint()));
        if (r.getAppliedCount() > 0) {
            ChangeViews.table(r.getAppliedList()).print(out);
        }
        for (MergeConflict c : r.getConflictsList()) {
            out.println("conflict " + Formats.name(c.getKind(), "MERGE_CONFLICT_KIND_") + ": " + c.getPath());
        }
        if (conflicted(r)) {
            out.println("resolve with --resolve PATH=ours|theirs or --strategy ours|theirs, or restore a checkpoint");
        }
    }

    /** Returns whether the merge conflicted, or as a dry run would conflict. */
    private static boolean conflicted(MergeResult r) {
        return r.getResult() == MergeResultKind.MERGE_RESULT_CONFLICT
                || (r.getResult() == MergeResultKind.MERGE_RESULT_DRY_RUN && r.getConflictsCount() > 0);
    }

    private static MergeStrategy strategy(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "fail" -> MergeStrategy.MERGE_STRATEGY_FAIL_ON_CONFLICT;
            case "ours" -> MergeStrategy.MERGE_STRATEGY_OURS;
            case "theirs" -> MergeStrategy.MERGE_STRATEGY_THEIRS;
            default -> throw new IllegalArgumentException("--strategy is fail, ours or theirs, not \"" + name + "\"");
        };
    }

    private static MergeResolution resolution(String side) {
        return switch (side.toLowerCase(Locale.ROOT)) {
            case "ours" -> MergeResolution.MERGE_RESOLUTION_OURS;
            case "theirs" -> MergeResolution.MERGE_RESOLUTION_THEIRS;
            default ->
                throw new IllegalArgumentException("--resolve takes PATH=ours or PATH=theirs, not \"" + side + "\"");
        };
    }
}

package io.aetherfs.cli.sources;

import io.aetherfs.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code afs sources}: the source commands (git repositories, uploaded snapshots, host directories, bundles). */
@Command(
        name = "sources",
        mixinStandardHelpOptions = true,
        description = {
            "Create sources (a git repository, an uploaded tar/tar.gz/zip snapshot, a host directory or a git bundle),",
            "import them into revisions, start sessions from them (afs sessions create --source) and promote"
                    + " sessions back."
        },
        subcommands = {
            CreateSourceCommand.class,
            ListSourcesCommand.class,
            ShowSourceCommand.class,
            UploadSourceCommand.class,
            ImportSourceCommand.class,
            RefreshSourceCommand.class,
            PromoteSessionCommand.class,
            ListJobsCommand.class,
            ListRevisionsCommand.class,
            DeleteSourceCommand.class
        })
public final class SourcesCommand extends GroupCommand {}

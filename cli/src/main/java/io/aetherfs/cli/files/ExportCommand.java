package io.aetherfs.cli.files;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.CliException;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.cli.Progress;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.proto.v1.ArchiveFormat;
import io.aetherfs.proto.v1.EntryType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code afs export}: streams a session's tree (or a commit or checkpoint) as a tar, tar.gz or zip archive to
 * a file (written beside it and renamed into place when complete) or stdout, with a progress bar on a terminal.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Export a session's tree (or a commit or checkpoint) as an archive.")
public final class ExportCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "SESSION_ID", description = "The session.")
    String sessionId;

    @Parameters(
            index = "1",
            paramLabel = "FILE",
            description = "Where to write the archive; - for stdout. Its name picks the format unless --format does.")
    String file;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description = "tar, tar.gz or zip (default: from FILE, else tar.gz).")
    String format;

    @Option(names = "--at", paramLabel = "TREE", description = "working (default), commit:<id> or checkpoint:<id>.")
    String at = "working";

    @Option(names = "--path", paramLabel = "PREFIX", description = "Only entries under this path.")
    String pathPrefix = "";

    @Override
    protected ExitCode run(AetherFsClient client) throws IOException {
        ArchiveFormat archive = format(format != null ? format : file);
        if (file.equals("-")) {
            client.download(sessionId, archive, at, pathPrefix, shell().out());
            shell().out().flush();
            return ExitCode.OK;
        }
        Path target = Path.of(file).toAbsolutePath();
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        try (Progress progress = progress("export " + target.getFileName(), estimate(client, archive));
                OutputStream out = progress.counting(Files.newOutputStream(partial))) {
            client.download(sessionId, archive, at, pathPrefix, out);
        } catch (RuntimeException | IOException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        if (!output().json()) {
            shell().err().println("exported " + sessionId + " (" + at + ") to " + file);
        }
        return ExitCode.OK;
    }

    /**
     * Returns the expected archive size for the progress bar: exact enough for tar (content plus a 512-byte
     * header per entry, padded to 512), unknown (-1) for the compressed formats and when not drawn at all.
     */
    private long estimate(AetherFsClient client, ArchiveFormat archive) {
        if (!shell().interactive() || archive != ArchiveFormat.ARCHIVE_FORMAT_TAR || !at.equals("working")) {
            return -1;
        }
        long total = 1024;
        var entries = client.manifest(sessionId, pathPrefix, true);
        while (entries.hasNext()) {
            var e = entries.next();
            long size = e.getType() == EntryType.ENTRY_TYPE_FILE ? e.getSize() : 0;
            total += 512 + (size + 511) / 512 * 512;
        }
        return total;
    }

    static ArchiveFormat format(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (n.equals("tar.gz") || n.equals("tgz") || n.endsWith(".tar.gz") || n.endsWith(".tgz") || n.equals("-")) {
            return ArchiveFormat.ARCHIVE_FORMAT_TAR_GZ;
        }
        if (n.equals("tar") || n.endsWith(".tar")) {
            return ArchiveFormat.ARCHIVE_FORMAT_TAR;
        }
        if (n.equals("zip") || n.endsWith(".zip")) {
            return ArchiveFormat.ARCHIVE_FORMAT_ZIP;
        }
        throw CliException.usage("cannot tell the archive format from \"" + name
                + "\"; name the file .tar, .tar.gz, .tgz or .zip, or pass --format tar|tar.gz|zip");
    }
}

package io.aetherfs.cli.sources;

import io.aetherfs.cli.ApiCommand;
import io.aetherfs.cli.CliException;
import io.aetherfs.cli.ExitCode;
import io.aetherfs.cli.Progress;
import io.aetherfs.client.AetherFsClient;
import io.aetherfs.proto.v1.ArchiveFormat;
import io.aetherfs.proto.v1.StartImportRequest;
import io.aetherfs.proto.v1.Upload;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code afs sources upload}: streams a local archive to a source (progress bar with rate and ETA on a
 * terminal); with {@code --import} it then imports the upload and follows the job to its end.
 */
@Command(
        name = "upload",
        mixinStandardHelpOptions = true,
        description = "Upload a tar, tar.gz, zip or git bundle to a source; --import also imports it.")
final class UploadSourceCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "SOURCE_ID", description = "The source (an uploaded snapshot or bundle).")
    String sourceId;

    @Parameters(index = "1", paramLabel = "FILE", description = "The archive.")
    Path file;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description = "tar, tar.gz, zip or bundle (default: from FILE's name).")
    String format;

    @Option(names = "--import", description = "Import the upload and wait for the job (prints the job).")
    boolean startImport;

    @Override
    protected ExitCode run(AetherFsClient client) throws Exception {
        ArchiveFormat archive =
                format(format != null ? format : file.getFileName().toString());
        long size;
        Upload upload;
        try (InputStream in = Files.newInputStream(file)) {
            size = Files.size(file);
            try (Progress progress = progress("upload " + file.getFileName(), size)) {
                upload = client.uploadArchive(sourceId, archive, size, in, progress::update);
            }
        } catch (NoSuchFileException e) {
            throw CliException.usage("archive " + file + " does not exist");
        }
        if (!startImport) {
            output().one(upload, u -> output().out()
                    .println("uploaded " + u.getUploadId() + " (" + u.getSizeBytes() + " bytes, sha256 " + u.getSha256()
                            + ")"));
            return ExitCode.OK;
        }
        var job = AetherFsClient.call(() -> client.sources()
                .startImport(StartImportRequest.newBuilder()
                        .setSourceId(sourceId)
                        .setUploadId(upload.getUploadId())
                        .build()));
        job = JobFollower.follow(client, job, progress("import " + sourceId, -1));
        output().one(job, SourceViews.job(job));
        return ExitCode.OK;
    }

    static ArchiveFormat format(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("tar.gz") || n.equals("tgz") || n.endsWith(".tar.gz") || n.endsWith(".tgz")) {
            return ArchiveFormat.ARCHIVE_FORMAT_TAR_GZ;
        }
        if (n.equals("tar") || n.endsWith(".tar")) {
            return ArchiveFormat.ARCHIVE_FORMAT_TAR;
        }
        if (n.equals("zip") || n.endsWith(".zip")) {
            return ArchiveFormat.ARCHIVE_FORMAT_ZIP;
        }
        if (n.equals("bundle") || n.endsWith(".bundle")) {
            return ArchiveFormat.ARCHIVE_FORMAT_GIT_BUNDLE;
        }
        throw CliException.usage("cannot tell the archive format from \"" + name
                + "\"; name the file .tar, .tar.gz, .tgz, .zip or .bundle, or pass --format");
    }
}

package io.aetherfs.server.grpc;

import static io.aetherfs.server.grpc.GrpcTestCalls.assertFails;
import static io.aetherfs.server.grpc.GrpcTestCalls.read;
import static io.aetherfs.server.grpc.GrpcTestCalls.readText;
import static io.aetherfs.server.grpc.GrpcTestCalls.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.aetherfs.proto.v1.ArchiveFormat;
import io.aetherfs.proto.v1.CreateCheckpointRequest;
import io.aetherfs.proto.v1.DownloadSessionAsTarballRequest;
import io.aetherfs.proto.v1.FileChunk;
import io.aetherfs.proto.v1.GetFileManifestRequest;
import io.aetherfs.proto.v1.GetSessionRequest;
import io.aetherfs.proto.v1.ManifestEntry;
import io.aetherfs.proto.v1.ReadFileRequest;
import io.aetherfs.proto.v1.StreamFileRangeRequest;
import io.aetherfs.proto.v1.SyncChangesFromTarballRequest;
import io.aetherfs.proto.v1.SyncChangesFromTarballResponse;
import io.aetherfs.proto.v1.SyncHeader;
import io.aetherfs.proto.v1.WriteFileHeader;
import io.aetherfs.proto.v1.WriteFileRequest;
import io.aetherfs.testkit.Await;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The streaming FileSystemService RPCs over a real socket: reads, ranges, uploads, archives and sync. */
class FileStreamingGrpcIT {
    @RegisterExtension
    static final GrpcServerExtension grpc = GrpcServerExtension.perClass();

    private final GrpcTestServer server = grpc.server();
    private final GrpcTestServer.Stubs alice = server.inNewTenant("alice");
    private final String id = GrpcTestCalls.newSession(alice);

    @Test
    void writeFileAndReadFile_roundTripTenMebibytesByteExact() {
        byte[] data = new byte[10 << 20];
        new Random(42).nextBytes(data);
        ManifestEntry written = write(alice, id, "big/blob.bin", data);
        assertThat(written.getSize()).isEqualTo(data.length);
        assertThat(written.getContentHash()).isEqualTo(sha256(data));

        List<FileChunk> chunks = new ArrayList<>();
        alice.files
                .readFile(ReadFileRequest.newBuilder()
                        .setSessionId(id)
                        .setPath("big/blob.bin")
                        .build())
                .forEachRemaining(chunks::add);
        assertThat(chunks).hasSize(10);
        assertThat(chunks.get(0).getEntry()).isEqualTo(written);
        assertThat(chunks.subList(1, chunks.size()))
                .allSatisfy(c -> assertThat(c.hasEntry()).isFalse());
        assertThat(chunks).extracting(FileChunk::getOffset).startsWith(0L, 1L << 20, 2L << 20);
        assertThat(GrpcTestCalls.concat(chunks.iterator())).isEqualTo(data);
    }

    @Test
    void readFile_honoursChunkSize_andSendsTheEntryEvenForEmptyFiles() {
        write(alice, id, "small.txt", "0123456789");
        List<FileChunk> chunks = new ArrayList<>();
        alice.files
                .readFile(ReadFileRequest.newBuilder()
                        .setSessionId(id)
                        .setPath("small.txt")
                        .setChunkSize(4)
                        .build())
                .forEachRemaining(chunks::add);
        assertThat(chunks).extracting(c -> c.getData().toStringUtf8()).containsExactly("0123", "4567", "89");
        write(alice, id, "empty.txt", "");
        List<FileChunk> empty = new ArrayList<>();
        alice.files
                .readFile(ReadFileRequest.newBuilder()
                        .setSessionId(id)
                        .setPath("empty.txt")
                        .build())
                .forEachRemaining(empty::add);
        assertThat(empty).singleElement().satisfies(c -> {
            assertThat(c.getEntry().getSize()).isZero();
            assertThat(c.getData().isEmpty()).isTrue();
        });
        assertFails(() -> read(alice, id, "missing.txt"), Status.Code.NOT_FOUND);
        alice.files.createDirectory(io.aetherfs.proto.v1.CreateDirectoryRequest.newBuilder()
                .setSessionId(id)
                .setPath("dir")
                .build());
        assertFails(() -> read(alice, id, "dir"), Status.Code.FAILED_PRECONDITION, "IS_A_DIRECTORY");
    }

    @Test
    void streamFileRange_returnsTheRange_truncatedAtEndOfFile() {
        byte[] data = new byte[(3 << 20) + 17];
        new Random(7).nextBytes(data);
        write(alice, id, "r.bin", data);
        assertThat(range(10, 20)).isEqualTo(Arrays.copyOfRange(data, 10, 30));
        assertThat(range((1 << 20) - 5, 10)).isEqualTo(Arrays.copyOfRange(data, (1 << 20) - 5, (1 << 20) + 5));
        assertThat(range(3 << 20, 0)).isEqualTo(Arrays.copyOfRange(data, 3 << 20, data.length));
        assertThat(range(data.length - 7, 1000)).isEqualTo(Arrays.copyOfRange(data, data.length - 7, data.length));
        assertThat(range(data.length + 100, 10)).isEmpty();
        assertThat(range(0, 0)).isEqualTo(data);

        List<FileChunk> past = new ArrayList<>();
        alice.files.streamFileRange(rangeRequest(data.length + 100, 10)).forEachRemaining(past::add);
        assertThat(past).singleElement().satisfies(c -> {
            assertThat(c.getEntry().getSize()).isEqualTo(data.length);
            assertThat(c.getData().isEmpty()).isTrue();
        });
        assertFails(() -> range(-1, 10), Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void writeFile_setsModeAndMtime_andChecksTheExpectedHash() {
        ManifestEntry first = write(
                alice,
                WriteFileHeader.newBuilder()
                        .setSessionId(id)
                        .setPath("x.sh")
                        .setMode(0755)
                        .setMtime(Timestamp.newBuilder().setSeconds(1_600_000_000))
                        .build(),
                "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));
        assertThat(first.getMode()).isEqualTo(0755);
        assertThat(first.getMtime().getSeconds()).isEqualTo(1_600_000_000);
        var stale = assertFails(
                () -> write(
                        alice,
                        WriteFileHeader.newBuilder()
                                .setSessionId(id)
                                .setPath("x.sh")
                                .setExpectedHash("0".repeat(64))
                                .build(),
                        new byte[] {1}),
                Status.Code.FAILED_PRECONDITION,
                "STALE_EXPECTED_HASH");
        assertThat(stale.getMetadataMap())
                .containsEntry("path", "x.sh")
                .containsEntry("currentHash", first.getContentHash());
        ManifestEntry second = write(
                alice,
                WriteFileHeader.newBuilder()
                        .setSessionId(id)
                        .setPath("x.sh")
                        .setExpectedHash(first.getContentHash())
                        .build(),
                "echo\n".getBytes(StandardCharsets.UTF_8));
        assertThat(readText(alice, id, "x.sh")).isEqualTo("echo\n");
        assertThat(second.getInodeId()).isEqualTo(first.getInodeId());
    }

    @Test
    void writeFile_thatDoesNotStartWithAHeader_isInvalid() {
        var answer = new GrpcTestCalls.Answer<ManifestEntry>();
        StreamObserver<WriteFileRequest> req = alice.filesAsync.writeFile(answer);
        req.onNext(WriteFileRequest.newBuilder()
                .setData(ByteString.copyFromUtf8("x"))
                .build());
        req.onCompleted();
        assertFails(answer::get, Status.Code.INVALID_ARGUMENT);

        var noHeader = new GrpcTestCalls.Answer<ManifestEntry>();
        alice.filesAsync.writeFile(noHeader).onCompleted();
        assertFails(noHeader::get, Status.Code.INVALID_ARGUMENT);

        var twoHeaders = new GrpcTestCalls.Answer<ManifestEntry>();
        StreamObserver<WriteFileRequest> again = alice.filesAsync.writeFile(twoHeaders);
        WriteFileRequest header = WriteFileRequest.newBuilder()
                .setHeader(WriteFileHeader.newBuilder().setSessionId(id).setPath("h.txt"))
                .build();
        again.onNext(header);
        again.onNext(header);
        again.onCompleted();
        assertFails(twoHeaders::get, Status.Code.INVALID_ARGUMENT);
        assertFails(() -> read(alice, id, "h.txt"), Status.Code.NOT_FOUND);
    }

    @Test
    void writeFile_cancelledMidway_leavesTheFileUnchanged() throws Exception {
        write(alice, id, "keep.txt", "original");
        long eventsBefore = eventCount();
        long failedBefore = failedWrites();
        var answer = new GrpcTestCalls.Answer<ManifestEntry>();
        StreamObserver<WriteFileRequest> req = alice.filesAsync.writeFile(answer);
        req.onNext(WriteFileRequest.newBuilder()
                .setHeader(WriteFileHeader.newBuilder().setSessionId(id).setPath("keep.txt"))
                .build());
        byte[] piece = new byte[1 << 20];
        for (int i = 0; i < 3; i++) {
            req.onNext(WriteFileRequest.newBuilder()
                    .setData(ByteString.copyFrom(piece))
                    .build());
        }
        req.onError(new IllegalStateException("the client gave up"));
        assertFails(answer::get, Status.Code.CANCELLED);

        // the server has noticed the cancellation once it has counted the call as ended
        Await.until(
                Duration.ofSeconds(10), "the server ends the cancelled WriteFile", () -> failedWrites() > failedBefore);
        assertThat(readText(alice, id, "keep.txt")).isEqualTo("original");
        assertThat(eventCount()).isEqualTo(eventsBefore);
        write(alice, id, "keep.txt", "replaced");
        assertThat(readText(alice, id, "keep.txt")).isEqualTo("replaced");
    }

    @Test
    void downloadSessionAsTarball_tarZipAtACheckpointAndUnderAPrefix() throws Exception {
        write(alice, id, "a/one.txt", "1");
        write(alice, id, "b/two.txt", "2");
        var ck = alice.persistence.createCheckpoint(
                CreateCheckpointRequest.newBuilder().setSessionId(id).build());
        write(alice, id, "a/three.txt", "3");

        assertThat(tarFiles(download(ArchiveFormat.ARCHIVE_FORMAT_TAR, "", "")))
                .containsOnlyKeys("a/one.txt", "a/three.txt", "b/two.txt");
        assertThat(tarFiles(download(ArchiveFormat.ARCHIVE_FORMAT_TAR, "checkpoint:" + ck.getCheckpointId(), "")))
                .containsOnlyKeys("a/one.txt", "b/two.txt");
        assertThat(tarFiles(download(ArchiveFormat.ARCHIVE_FORMAT_TAR, "working", "a")))
                .containsOnlyKeys("a/one.txt", "a/three.txt");
        assertThat(zipFiles(download(ArchiveFormat.ARCHIVE_FORMAT_ZIP, "", "")))
                .containsEntry("b/two.txt", "2")
                .containsEntry("a/three.txt", "3");
        assertFails(() -> download(ArchiveFormat.ARCHIVE_FORMAT_UNSPECIFIED, "", ""), Status.Code.INVALID_ARGUMENT);
        assertFails(() -> download(ArchiveFormat.ARCHIVE_FORMAT_GIT_BUNDLE, "", ""), Status.Code.INVALID_ARGUMENT);
        assertFails(() -> download(ArchiveFormat.ARCHIVE_FORMAT_TAR, "yesterday", ""), Status.Code.INVALID_ARGUMENT);
        assertFails(() -> download(ArchiveFormat.ARCHIVE_FORMAT_TAR, "", "nope"), Status.Code.NOT_FOUND);
    }

    @Test
    void syncChangesFromTarball_appliesTheArchive_andDeletesWhatItLacks() throws Exception {
        write(alice, id, "keep/a.txt", "old a");
        write(alice, id, "keep/b.txt", "b");
        write(alice, id, "other/c.txt", "c");
        byte[] tar = tar(Map.of("a.txt", "new a", "new.txt", "fresh"));

        SyncChangesFromTarballResponse r = sync(
                SyncHeader.newBuilder()
                        .setSessionId(id)
                        .setFormat(ArchiveFormat.ARCHIVE_FORMAT_TAR)
                        .setBasePath("keep")
                        .setDeleteMissing(true)
                        .build(),
                tar);
        assertThat(r.getStats().getAdded()).isEqualTo(1);
        assertThat(r.getStats().getModified()).isEqualTo(1);
        assertThat(r.getStats().getDeleted()).isEqualTo(1);
        assertThat(r.getFingerprint())
                .isEqualTo(alice.sessions
                        .getSession(
                                GetSessionRequest.newBuilder().setSessionId(id).build())
                        .getFingerprint());
        var paths = alice
                .files
                .getFileManifest(
                        GetFileManifestRequest.newBuilder().setSessionId(id).build())
                .getEntriesList()
                .stream()
                .map(ManifestEntry::getPath)
                .toList();
        assertThat(paths).containsExactly("keep", "keep/a.txt", "keep/new.txt", "other", "other/c.txt");
        assertThat(readText(alice, id, "keep/a.txt")).isEqualTo("new a");

        SyncHeader detect = SyncHeader.newBuilder().setSessionId(id).build();
        assertThat(sync(detect, tar(Map.of("z.txt", "z"))).getStats().getAdded())
                .isEqualTo(1);
        assertFails(
                () -> sync(
                        detect.toBuilder()
                                .setFormat(ArchiveFormat.ARCHIVE_FORMAT_GIT_BUNDLE)
                                .build(),
                        tar),
                Status.Code.INVALID_ARGUMENT);
        assertFails(
                () -> sync(
                        detect.toBuilder()
                                .setFormat(ArchiveFormat.ARCHIVE_FORMAT_TAR_GZ)
                                .build(),
                        "not gzip".getBytes(StandardCharsets.UTF_8)),
                Status.Code.INVALID_ARGUMENT);
        var stale = assertFails(
                () -> sync(
                        detect.toBuilder()
                                .setExpectedFingerprint("0".repeat(40))
                                .build(),
                        tar),
                Status.Code.FAILED_PRECONDITION,
                "STALE_FINGERPRINT");
        assertThat(stale.getMetadataMap()).containsKey("currentFingerprint");
    }

    private byte[] range(long offset, long length) {
        return GrpcTestCalls.concat(alice.files.streamFileRange(rangeRequest(offset, length)));
    }

    private StreamFileRangeRequest rangeRequest(long offset, long length) {
        return StreamFileRangeRequest.newBuilder()
                .setSessionId(id)
                .setPath("r.bin")
                .setOffset(offset)
                .setLength(length)
                .build();
    }

    /** Returns how many WriteFile calls the server has ended without OK (counted as each call completes). */
    private long failedWrites() {
        return (long) server.registry.find("afs.grpc.requests").tag("method", "WriteFile").counters().stream()
                .filter(c -> !"OK".equals(c.getId().getTag("code")))
                .mapToDouble(io.micrometer.core.instrument.Counter::count)
                .sum();
    }

    private long eventCount() {
        return alice.observability
                .listEvents(io.aetherfs.proto.v1.ListEventsRequest.newBuilder()
                        .setSessionId(id)
                        .setPageSize(1000)
                        .build())
                .getEventsCount();
    }

    private byte[] download(ArchiveFormat format, String at, String prefix) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        alice.files
                .downloadSessionAsTarball(DownloadSessionAsTarballRequest.newBuilder()
                        .setSessionId(id)
                        .setFormat(format)
                        .setAt(at)
                        .setPathPrefix(prefix)
                        .build())
                .forEachRemaining(m -> out.writeBytes(m.getData().toByteArray()));
        return out.toByteArray();
    }

    private SyncChangesFromTarballResponse sync(SyncHeader header, byte[] archive) {
        var answer = new GrpcTestCalls.Answer<SyncChangesFromTarballResponse>();
        StreamObserver<SyncChangesFromTarballRequest> req = alice.filesAsync.syncChangesFromTarball(answer);
        req.onNext(SyncChangesFromTarballRequest.newBuilder().setHeader(header).build());
        for (int off = 0; off < archive.length; off += 1000) {
            req.onNext(SyncChangesFromTarballRequest.newBuilder()
                    .setData(ByteString.copyFrom(archive, off, Math.min(1000, archive.length - off)))
                    .build());
        }
        req.onCompleted();
        return answer.get();
    }

    private static byte[] tar(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            for (var f : new TreeMap<>(files).entrySet()) {
                byte[] content = f.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(content.length);
                out.putArchiveEntry(e);
                out.write(content);
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static Map<String, String> tarFiles(byte[] tar) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (var in =
                new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (e.isFile()) {
                    files.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return files;
    }

    private static Map<String, String> zipFiles(byte[] zip) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (!e.isDirectory()) {
                    files.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return files;
    }

    private static String sha256(byte[] data) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

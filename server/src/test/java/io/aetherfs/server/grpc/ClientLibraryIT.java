package io.aetherfs.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.client.AetherFsClient;
import io.aetherfs.client.AetherFsException;
import io.aetherfs.proto.v1.ArchiveFormat;
import io.aetherfs.proto.v1.CreateSessionRequest;
import io.aetherfs.proto.v1.DeleteFileRequest;
import io.aetherfs.proto.v1.ManifestEntry;
import io.aetherfs.service.archive.ArchiveEntry;
import io.aetherfs.service.archive.ArchiveLimits;
import io.aetherfs.service.archive.ArchiveReader;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Java client library against a real server over a socket. */
class ClientLibraryIT {
    @RegisterExtension
    static final GrpcServerExtension grpc = GrpcServerExtension.perClass();

    private static AetherFsClient client() {
        return AetherFsClient.connect(
                "127.0.0.1:" + grpc.server().port(), GrpcTestServer.TENANT + ":alice", "client-it", "1.0");
    }

    @Test
    void writeReadManifestDownload_roundTripThroughTheHelpers() throws Exception {
        try (AetherFsClient c = client()) {
            String id = AetherFsClient.call(() -> c.sessions().createSession(CreateSessionRequest.getDefaultInstance()))
                    .getId();
            byte[] big = new byte[9 * 1024 * 1024 + 17];
            new Random(7).nextBytes(big);
            ManifestEntry e = c.writeFile(id, "data/big.bin", new ByteArrayInputStream(big), true);
            assertThat(e.getSize()).isEqualTo(big.length);
            assertThat(c.readFile(id, "data/big.bin")).isEqualTo(big);
            for (int i = 0; i < 1500; i++) {
                c.writeFile(id, "many/f" + i, new ByteArrayInputStream(("f" + i).getBytes()), true);
            }
            List<String> paths = new ArrayList<>();
            c.manifest(id, "many").forEachRemaining(m -> paths.add(m.getPath()));
            assertThat(paths).hasSize(1501).contains("many", "many/f0", "many/f1499"); // two pages of 1000

            ByteArrayOutputStream tar = new ByteArrayOutputStream();
            c.download(id, ArchiveFormat.ARCHIVE_FORMAT_TAR_GZ, null, tar);
            int files = 0;
            try (ArchiveReader r =
                    ArchiveReader.openDetect(new ByteArrayInputStream(tar.toByteArray()), ArchiveLimits.DEFAULTS)) {
                ArchiveEntry a;
                while ((a = r.next()) != null) {
                    if (a.path().equals("data/big.bin")) {
                        assertThat(r.content().readAllBytes()).isEqualTo(big);
                    }
                    files += a.type() == io.aetherfs.service.archive.ArchiveEntryType.FILE ? 1 : 0;
                }
            }
            assertThat(files).isEqualTo(1501);
        }
    }

    @Test
    void errors_carryCodeReasonAndMetadata() {
        try (AetherFsClient c = client()) {
            String id = AetherFsClient.call(() -> c.sessions().createSession(CreateSessionRequest.getDefaultInstance()))
                    .getId();
            c.writeFile(id, "a.txt", new ByteArrayInputStream("x".getBytes()), false);
            assertThatThrownBy(() -> AetherFsClient.call(() -> c.files()
                            .deleteFile(DeleteFileRequest.newBuilder()
                                    .setSessionId(id)
                                    .setPath("a.txt")
                                    .setExpectedHash("0".repeat(64))
                                    .build())))
                    .isInstanceOfSatisfying(AetherFsException.class, ex -> {
                        assertThat(ex.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                        assertThat(ex.reason()).isEqualTo("STALE_EXPECTED_HASH");
                        assertThat(ex.metadata()).containsEntry("path", "a.txt").containsKey("currentHash");
                    });
            assertThatThrownBy(() -> c.readFile(id, "missing.txt"))
                    .isInstanceOfSatisfying(AetherFsException.class, ex -> assertThat(ex.reason())
                            .isEqualTo("PATH_NOT_FOUND"));
            assertThatThrownBy(() -> c.writeFile(id, "no/parent/x", new ByteArrayInputStream(new byte[10]), false))
                    .isInstanceOfSatisfying(
                            AetherFsException.class, ex -> assertThat(ex.code()).isEqualTo(Status.Code.NOT_FOUND));
        }
    }
}

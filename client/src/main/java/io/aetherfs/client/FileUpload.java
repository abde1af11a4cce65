package io.aetherfs.client;

import com.google.protobuf.ByteString;
import io.aetherfs.proto.v1.FileSystemServiceGrpc;
import io.aetherfs.proto.v1.ManifestEntry;
import io.aetherfs.proto.v1.WriteFileHeader;
import io.aetherfs.proto.v1.WriteFileRequest;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** One WriteFile client stream: a header, then the content in chunks of at most 1 MiB. */
final class FileUpload {
    private static final int CHUNK = 1 << 20;

    private final FileSystemServiceGrpc.FileSystemServiceStub stub;

    FileUpload(FileSystemServiceGrpc.FileSystemServiceStub stub) {
        this.stub = stub;
    }

    ManifestEntry write(String sessionId, String path, InputStream content, boolean createParents) {
        CompletableFuture<ManifestEntry> done = new CompletableFuture<>();
        StreamObserver<WriteFileRequest> up = stub.writeFile(new StreamObserver<>() {
            @Override
            public void onNext(ManifestEntry e) {
                done.complete(e);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {}
        });
        try {
            up.onNext(WriteFileRequest.newBuilder()
                    .setHeader(WriteFileHeader.newBuilder()
                            .setSessionId(sessionId)
                            .setPath(path)
                            .setCreateParents(createParents))
                    .build());
            byte[] buf = new byte[CHUNK];
            int n;
            while ((n = content.readNBytes(buf, 0, CHUNK)) > 0 && !done.isDone()) {
                up.onNext(WriteFileRequest.newBuilder()
                        .setData(ByteString.copyFrom(buf, 0, n))
                        .build());
            }
            up.onCompleted();
        } catch (IOException e) {
            up.onError(e);
            throw new UncheckedIOException(e);
        }
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StatusRuntimeException s) {
                throw AetherFsException.from(s);
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}

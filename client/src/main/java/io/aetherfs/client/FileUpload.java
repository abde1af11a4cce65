package io.aetherfs.client;

import com.google.protobuf.ByteString;
import io.aetherfs.proto.v1.FileSystemServiceGrpc;
import io.aetherfs.proto.v1.ManifestEntry;
import io.aetherfs.proto.v1.WriteFileHeader;
import io.aetherfs.proto.v1.WriteFileRequest;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One WriteFile client stream: a header, then the content in chunks of at most 1 MiB, sent only as
 * fast as the transport accepts them (flow control), so any file size streams in bounded memory.
 */
final class FileUpload {
    private static final int CHUNK = 1 << 20;

    private final FileSystemServiceGrpc.FileSystemServiceStub stub;

    FileUpload(FileSystemServiceGrpc.FileSystemServiceStub stub) {
        this.stub = stub;
    }

    ManifestEntry write(String sessionId, String path, InputStream content, boolean createParents) {
        CompletableFuture<ManifestEntry> done = new CompletableFuture<>();
        Semaphore ready = new Semaphore(0);
        @SuppressWarnings("unchecked")
        ClientCallStreamObserver<WriteFileRequest>[] up = new ClientCallStreamObserver[1];
        stub.writeFile(new ClientResponseObserver<WriteFileRequest, ManifestEntry>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<WriteFileRequest> requests) {
                up[0] = requests;
                requests.setOnReadyHandler(ready::release);
            }

            @Override
            public void onNext(ManifestEntry e) {
                done.complete(e);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
                ready.release();
            }

            @Override
            public void onCompleted() {}
        });
        try {
            send(
                    up[0],
                    ready,
                    done,
                    WriteFileRequest.newBuilder()
                            .setHeader(WriteFileHeader.newBuilder()
                                    .setSessionId(sessionId)
                                    .setPath(path)
                                    .setCreateParents(createParents))
                            .build());
            byte[] buf = new byte[CHUNK];
            int n;
            while (!done.isDone() && (n = content.readNBytes(buf, 0, CHUNK)) > 0) {
                send(
                        up[0],
                        ready,
                        done,
                        WriteFileRequest.newBuilder()
                                .setData(ByteString.copyFrom(buf, 0, n))
                                .build());
            }
            if (!done.isDone()) {
                up[0].onCompleted();
            }
        } catch (IOException e) {
            up[0].cancel("reading the local content failed", e);
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            up[0].cancel("interrupted", e);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return result(done);
    }

    private static void send(
            ClientCallStreamObserver<WriteFileRequest> up,
            Semaphore ready,
            CompletableFuture<?> done,
            WriteFileRequest msg)
            throws InterruptedException {
        while (!up.isReady() && !done.isDone()) {
            ready.tryAcquire(100, TimeUnit.MILLISECONDS);
        }
        if (!done.isDone()) {
            up.onNext(msg);
        }
    }

    private static ManifestEntry result(CompletableFuture<ManifestEntry> done) {
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

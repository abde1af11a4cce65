package io.aetherfs.client;

import com.google.protobuf.ByteString;
import io.aetherfs.proto.v1.ArchiveFormat;
import io.aetherfs.proto.v1.UnderlaySourceServiceGrpc;
import io.aetherfs.proto.v1.Upload;
import io.aetherfs.proto.v1.UploadHeader;
import io.aetherfs.proto.v1.UploadSourceArchiveRequest;
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
import java.util.function.LongConsumer;

/**
 * One UploadSourceArchive client stream: a header, then the archive in chunks of at most 1 MiB, sent only as
 * fast as the transport accepts them (flow control), so any archive size streams in bounded memory; the
 * bytes sent so far are reported after each chunk.
 */
final class ArchiveUpload {
    private static final int CHUNK = 1 << 20;

    private final UnderlaySourceServiceGrpc.UnderlaySourceServiceStub stub;

    ArchiveUpload(UnderlaySourceServiceGrpc.UnderlaySourceServiceStub stub) {
        this.stub = stub;
    }

    Upload upload(String sourceId, ArchiveFormat format, long sizeBytes, InputStream content, LongConsumer sent) {
        CompletableFuture<Upload> done = new CompletableFuture<>();
        Semaphore ready = new Semaphore(0);
        @SuppressWarnings("unchecked")
        ClientCallStreamObserver<UploadSourceArchiveRequest>[] up = new ClientCallStreamObserver[1];
        stub.uploadSourceArchive(new ClientResponseObserver<UploadSourceArchiveRequest, Upload>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<UploadSourceArchiveRequest> requests) {
                up[0] = requests;
                requests.setOnReadyHandler(ready::release);
            }

            @Override
            public void onNext(Upload u) {
                done.complete(u);
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
                    UploadSourceArchiveRequest.newBuilder()
                            .setHeader(UploadHeader.newBuilder()
                                    .setSourceId(sourceId)
                                    .setFormat(format)
                                    .setSizeBytes(Math.max(0, sizeBytes)))
                            .build());
            byte[] buf = new byte[CHUNK];
            long total = 0;
            int n;
            while (!done.isDone() && (n = content.readNBytes(buf, 0, CHUNK)) > 0) {
                send(
                        up[0],
                        ready,
                        done,
                        UploadSourceArchiveRequest.newBuilder()
                                .setData(ByteString.copyFrom(buf, 0, n))
                                .build());
                total += n;
                sent.accept(total);
            }
            if (!done.isDone()) {
                up[0].onCompleted();
            }
        } catch (IOException e) {
            up[0].cancel("reading the local archive failed", e);
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            up[0].cancel("interrupted", e);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return result(done);
    }

    private static void send(
            ClientCallStreamObserver<UploadSourceArchiveRequest> up,
            Semaphore ready,
            CompletableFuture<?> done,
            UploadSourceArchiveRequest msg)
            throws InterruptedException {
        while (!up.isReady() && !done.isDone()) {
            ready.tryAcquire(100, TimeUnit.MILLISECONDS);
        }
        if (!done.isDone()) {
            up.onNext(msg);
        }
    }

    private static Upload result(CompletableFuture<Upload> done) {
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

package io.aetherfs.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.aetherfs.proto.v1.CreateSessionRequest;
import io.aetherfs.proto.v1.FileChunk;
import io.aetherfs.proto.v1.ManifestEntry;
import io.aetherfs.proto.v1.ReadFileRequest;
import io.aetherfs.proto.v1.WriteFileHeader;
import io.aetherfs.proto.v1.WriteFileRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Client-side helpers for the gRPC tests: sessions, streamed writes and reads, and error inspection. */
final class GrpcTestCalls {
    static final int CHUNK = 1 << 20;

    private GrpcTestCalls() {}

    static String newSession(GrpcTestServer.Stubs s) {
        return s.sessions
                .createSession(
                        CreateSessionRequest.newBuilder().setDisplayName("test").build())
                .getId();
    }

    static ManifestEntry write(GrpcTestServer.Stubs s, String session, String path, String text) {
        return write(s, session, path, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a file through the WriteFile client stream in 1 MiB messages. */
    static ManifestEntry write(GrpcTestServer.Stubs s, String session, String path, byte[] data) {
        return write(
                s,
                WriteFileHeader.newBuilder()
                        .setSessionId(session)
                        .setPath(path)
                        .setCreateParents(true)
                        .build(),
                data);
    }

    static ManifestEntry write(GrpcTestServer.Stubs s, WriteFileHeader header, byte[] data) {
        Answer<ManifestEntry> answer = new Answer<>();
        StreamObserver<WriteFileRequest> req = s.filesAsync.writeFile(answer);
        req.onNext(WriteFileRequest.newBuilder().setHeader(header).build());
        for (int off = 0; off < data.length; off += CHUNK) {
            int n = Math.min(CHUNK, data.length - off);
            req.onNext(WriteFileRequest.newBuilder()
                    .setData(ByteString.copyFrom(data, off, n))
                    .build());
        }
        req.onCompleted();
        return answer.get();
    }

    static byte[] read(GrpcTestServer.Stubs s, String session, String path) {
        Iterator<FileChunk> it = s.files.readFile(
                ReadFileRequest.newBuilder().setSessionId(session).setPath(path).build());
        return concat(it);
    }

    static String readText(GrpcTestServer.Stubs s, String session, String path) {
        return new String(read(s, session, path), StandardCharsets.UTF_8);
    }

    /** Returns the bytes of a chunk stream, checking that the chunks are contiguous. */
    static byte[] concat(Iterator<FileChunk> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (chunks.hasNext()) {
            FileChunk c = chunks.next();
            assertThat(c.getData().size()).isLessThanOrEqualTo(CHUNK);
            out.writeBytes(c.getData().toByteArray());
        }
        return out.toByteArray();
    }

    /** Asserts that {@code call} fails with {@code code} and returns its ErrorInfo (null when it has none). */
    static ErrorInfo assertFails(ThrowingCallable call, Status.Code code) {
        Throwable t = catchThrowable(call);
        assertThat(t).isInstanceOf(StatusRuntimeException.class);
        StatusRuntimeException e = (StatusRuntimeException) t;
        assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
        return errorInfo(e);
    }

    /** Asserts the code and the ErrorInfo reason (domain aetherfs.io) of a failing call. */
    static ErrorInfo assertFails(ThrowingCallable call, Status.Code code, String reason) {
        ErrorInfo info = assertFails(call, code);
        assertThat(info).as("ErrorInfo").isNotNull();
        assertThat(info.getReason()).isEqualTo(reason);
        assertThat(info.getDomain()).isEqualTo("aetherfs.io");
        return info;
    }

    static ErrorInfo errorInfo(Throwable t) {
        com.google.rpc.Status status = StatusProto.fromThrowable(t);
        if (status == null) {
            return null;
        }
        for (Any d : status.getDetailsList()) {
            if (d.is(ErrorInfo.class)) {
                try {
                    return d.unpack(ErrorInfo.class);
                } catch (InvalidProtocolBufferException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return null;
    }

    /** The single answer of a client-streaming call. */
    static final class Answer<T> implements StreamObserver<T> {
        private final CompletableFuture<T> result = new CompletableFuture<>();
        private T value;

        @Override
        public void onNext(T v) {
            value = v;
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {
            result.complete(value);
        }

        /** Returns the answer, rethrowing the call's StatusRuntimeException. */
        T get() {
            try {
                return result.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof StatusRuntimeException sre) {
                    throw sre;
                }
                throw new AssertionError(e.getCause());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        CompletableFuture<T> future() {
            return result;
        }
    }
}

package io.aetherfs.server.e2e;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.aetherfs.proto.v1.FileSystemServiceGrpc;
import io.aetherfs.proto.v1.SessionServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * A grpc-java client of one afs-server's gRPC API acting as one caller: typed blocking stubs, and unary
 * calls of any method with raw request bytes (so a test can send a payload that is not a valid protobuf
 * message at all).
 */
final class GrpcEdge implements AutoCloseable {
    private final ManagedChannel channel;
    private final Metadata headers = new Metadata();
    private final Channel authed;

    final SessionServiceGrpc.SessionServiceBlockingStub sessions;
    final FileSystemServiceGrpc.FileSystemServiceBlockingStub files;

    GrpcEdge(int port, String authorization) {
        channel = NettyChannelBuilder.forAddress("127.0.0.1", port)
                .usePlaintext()
                .maxInboundMessageSize(64 * 1024 * 1024)
                .build();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
        authed = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
        sessions = SessionServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(60, TimeUnit.SECONDS);
        files = FileSystemServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    /** Calls the unary method {@code fullName} ({@code aetherfs.v1.FileSystemService/PatchSegments}) with raw bytes. */
    byte[] callRaw(String fullName, byte[] request) {
        MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(fullName)
                .setRequestMarshaller(RawBytes.INSTANCE)
                .setResponseMarshaller(RawBytes.INSTANCE)
                .build();
        return ClientCalls.blockingUnaryCall(
                authed, method, CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS), request);
    }

    /** Returns the ErrorInfo of a failed call, or null when it carries none. */
    static ErrorInfo errorInfo(StatusRuntimeException e) {
        com.google.rpc.Status s = StatusProto.fromThrowable(e);
        if (s == null) {
            return null;
        }
        for (var d : s.getDetailsList()) {
            if (d.is(ErrorInfo.class)) {
                try {
                    return d.unpack(ErrorInfo.class);
                } catch (InvalidProtocolBufferException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
        }
        return null;
    }

    /** Returns the status code of a failed call. */
    static Status.Code code(StatusRuntimeException e) {
        return e.getStatus().getCode();
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }

    /** Passes bytes through unchanged. */
    private enum RawBytes implements MethodDescriptor.Marshaller<byte[]> {
        INSTANCE;

        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

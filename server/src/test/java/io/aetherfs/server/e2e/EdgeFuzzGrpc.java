package io.aetherfs.server.e2e;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * The gRPC half of {@link EdgeFuzzer}: request messages generated from a method's input descriptor
 * (with {@link EdgeFuzzValues} choosing the field values), serialized and then often broken (truncated,
 * a byte flipped, garbage appended, a string field with invalid UTF-8, a length that lies), sent as raw
 * bytes over a real grpc-java channel, for unary and streaming methods alike; and hand-made HTTP/2
 * requests whose gRPC framing or headers are wrong, sent with Armeria's client.
 */
final class EdgeFuzzGrpc implements AutoCloseable {
    /** How many broken-frame variants {@link #frame} knows. */
    static final int FRAME_VARIANTS = 12;

    private static final int MAX_MESSAGE = 16 * 1024 * 1024;

    /** What a call answered: its status, or OK. */
    record Answer(Status.Code code, String description) {}

    private final ManagedChannel channel;
    private final Channel authed;
    private final WebClient web;
    private final String authorization;

    EdgeFuzzGrpc(int port, String authorization) {
        this.authorization = authorization;
        channel = NettyChannelBuilder.forAddress("127.0.0.1", port)
                .usePlaintext()
                .maxInboundMessageSize(64 * 1024 * 1024)
                .build();
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
        authed = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
        web = WebClient.builder("h2c://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .maxResponseLength(0)
                .build();
    }

    /** Returns the bytes of a request of {@code type}, generated and then (often) broken. */
    static byte[] request(Descriptor type, EdgeFuzzValues v, Random r) {
        DynamicMessage.Builder b = DynamicMessage.newBuilder(type);
        fill(b, type, v, r, 0);
        byte[] bytes = b.build().toByteArray();
        return switch (v.clean ? 11 : r.nextInt(12)) {
            case 0 ->
                bytes.length == 0 ? new byte[] {(byte) 0xff} : java.util.Arrays.copyOf(bytes, r.nextInt(bytes.length));
            case 1 -> flip(bytes, r);
            case 2 -> EdgeFuzzValues.concat(bytes, new byte[] {0x0a, (byte) 0xff, 0x01});
            case 3 -> EdgeFuzzValues.concat(bytes, badUtf8String(type, r));
            case 4 -> EdgeFuzzValues.concat(bytes, new byte[] {(byte) 0xfa, 0x07, (byte) 0xff, (byte) 0xff, 0x0f});
            case 5 -> random(r);
            case 6 -> deepGroup(r);
            default -> bytes;
        };
    }

    private static void fill(DynamicMessage.Builder b, Descriptor type, EdgeFuzzValues v, Random r, int depth) {
        for (FieldDescriptor f : type.getFields()) {
            if (r.nextInt(100) >= 60 || f.isMapField()) {
                continue;
            }
            if (f.getRealContainingOneof() != null && b.hasOneof(f.getRealContainingOneof())) {
                continue;
            }
            int n = f.isRepeated() ? r.nextInt(3) : 1;
            for (int i = 0; i < n; i++) {
                Object value = value(f, v, r, depth);
                if (value == null) {
                    continue;
                }
                if (f.isRepeated()) {
                    b.addRepeatedField(f, value);
                } else {
                    b.setField(f, value);
                }
            }
        }
    }

    private static Object value(FieldDescriptor f, EdgeFuzzValues v, Random r, int depth) {
        return switch (f.getJavaType()) {
            case STRING -> {
                String s = v.string(f.getName());
                yield s.chars().anyMatch(c -> Character.isSurrogate((char) c)) ? "x" : s;
            }
            case BOOLEAN -> f.getName().equals("non_blocking") || r.nextBoolean();
            case INT ->
                f.getName().equals("wait_timeout_ms")
                        ? 1 + r.nextInt(50)
                        : v.pick(List.of(0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0644));
            case LONG ->
                v.pick(List.of(
                        0L,
                        1L,
                        -1L,
                        Long.MAX_VALUE,
                        Long.MIN_VALUE,
                        4096L,
                        Long.MAX_VALUE - 1,
                        Long.MAX_VALUE / 2 + 1));
            case FLOAT -> 1.5f;
            case DOUBLE -> 1.5;
            case BYTE_STRING -> {
                byte[] b = new byte[r.nextInt(32)];
                r.nextBytes(b);
                yield ByteString.copyFrom(b);
            }
            case ENUM ->
                r.nextInt(5) == 0
                        ? f.getEnumType().findValueByNumber(0)
                        : v.pick(f.getEnumType().getValues());
            case MESSAGE -> {
                if (depth > 3) {
                    yield null;
                }
                DynamicMessage.Builder m = DynamicMessage.newBuilder(f.getMessageType());
                if (f.getMessageType().getFullName().equals("google.protobuf.Timestamp")) {
                    m.setField(f.getMessageType().findFieldByName("seconds"), v.pick(List.of(0L, Long.MAX_VALUE, -1L)));
                } else {
                    fill(m, f.getMessageType(), v, r, depth + 1);
                }
                yield m.build();
            }
        };
    }

    /** Returns a string field (the first of the message, or field 1) holding bytes that are not UTF-8. */
    private static byte[] badUtf8String(Descriptor type, Random r) {
        int number = type.getFields().stream()
                .filter(f -> f.getType() == FieldDescriptor.Type.STRING)
                .mapToInt(FieldDescriptor::getNumber)
                .findFirst()
                .orElse(1);
        byte[][] bad = {
            {(byte) 0xff}, {(byte) 0xc3}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xc0, (byte) 0xaf}
        };
        byte[] value = bad[r.nextInt(bad.length)];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            CodedOutputStream c = CodedOutputStream.newInstance(out);
            c.writeByteArray(number, value);
            c.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] flip(byte[] bytes, Random r) {
        if (bytes.length == 0) {
            return new byte[] {0x07};
        }
        byte[] out = bytes.clone();
        out[r.nextInt(out.length)] ^= (byte) (1 << r.nextInt(8));
        return out;
    }

    private static byte[] random(Random r) {
        byte[] b = new byte[1 + r.nextInt(64)];
        r.nextBytes(b);
        return b;
    }

    /** Returns start-group tags nested far past protobuf's recursion limit. */
    private static byte[] deepGroup(Random r) {
        byte[] b = new byte[200 + r.nextInt(2000)];
        java.util.Arrays.fill(b, (byte) 0x0b); // field 1, wire type 3 (start group)
        return b;
    }

    /** Calls {@code method} with raw request bytes and returns what it answered. */
    Answer call(MethodDescriptor method, byte[] request) {
        io.grpc.MethodDescriptor<byte[], byte[]> m = io.grpc.MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(
                        method.isClientStreaming()
                                ? (method.isServerStreaming()
                                        ? io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING
                                        : io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING)
                                : method.isServerStreaming()
                                        ? io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING
                                        : io.grpc.MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(io.grpc.MethodDescriptor.generateFullMethodName(
                        method.getService().getFullName(), method.getName()))
                .setRequestMarshaller(Raw.INSTANCE)
                .setResponseMarshaller(Raw.INSTANCE)
                .build();
        CallOptions options =
                CallOptions.DEFAULT.withDeadlineAfter(method.isServerStreaming() ? 3 : 30, TimeUnit.SECONDS);
        try {
            if (method.isClientStreaming()) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                ClientCall<byte[], byte[]> call = authed.newCall(m, options);
                StreamObserver<byte[]> requests = ClientCalls.asyncClientStreamingCall(call, new StreamObserver<>() {
                    @Override
                    public void onNext(byte[] value) {}

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        done.complete(null);
                    }
                });
                requests.onNext(request);
                requests.onCompleted();
                done.get(40, TimeUnit.SECONDS);
            } else if (method.isServerStreaming()) {
                Iterator<byte[]> it = ClientCalls.blockingServerStreamingCall(authed, m, options, request);
                for (int i = 0; i < 4 && it.hasNext(); i++) {
                    it.next();
                }
            } else {
                ClientCalls.blockingUnaryCall(authed, m, options, request);
            }
            return new Answer(Status.Code.OK, "");
        } catch (StatusRuntimeException e) {
            return new Answer(
                    e.getStatus().getCode(), String.valueOf(e.getStatus().getDescription()));
        } catch (java.util.concurrent.ExecutionException e) {
            Status s = Status.fromThrowable(e.getCause());
            return new Answer(s.getCode(), String.valueOf(s.getDescription()));
        } catch (Exception e) {
            return new Answer(Status.Code.UNKNOWN, "client failure: " + e);
        }
    }

    /**
     * Sends broken-frame variant {@code variant} to CreateDirectory (or ListSessions) and returns the
     * gRPC status the server answered, read from the trailers (or headers, for a trailers-only answer).
     */
    Answer frame(int variant, String session, Random r) {
        byte[] valid = io.aetherfs.proto.v1.CreateDirectoryRequest.newBuilder()
                .setSessionId(session)
                .setPath("framed-" + r.nextInt(1000))
                .build()
                .toByteArray();
        String contentType = "application/grpc";
        String encoding = null;
        String timeout = null;
        byte[] body;
        switch (variant) {
            case 0 -> body = frameOf(0, valid.length + 50, valid); // length says more than is sent
            case 1 -> body = new byte[] {0, 0, 0}; // half a frame header
            case 2 -> body = frameOf(1, valid.length, valid); // compressed flag, no grpc-encoding
            case 3 -> body = frameOf(0x80, valid.length, valid); // a flag that does not exist
            case 4 -> body = frameOf(0, Integer.MAX_VALUE, valid); // a length past the limit
            case 5 -> body = EdgeFuzzValues.concat(frameOf(0, valid.length, valid), frameOf(0, valid.length, valid));
            case 6 -> {
                encoding = "gzip";
                body = frameOf(1, 20, new byte[20]); // compressed, but not gzip
            }
            case 7 -> {
                encoding = "gzip";
                byte[] bomb = gzip(new byte[MAX_MESSAGE + 1]);
                body = frameOf(1, bomb.length, bomb); // small on the wire, over the limit once inflated
            }
            case 8 -> {
                contentType = "application/grpc+json";
                byte[] json = EdgeFuzzValues.utf8("{\"sessionId\":" + EdgeFuzzValues.quote(session) + ",\"path\":"
                        + r.nextInt() + ",\"mode\":true}");
                body = frameOf(0, json.length, json);
            }
            case 9 -> {
                contentType = "application/grpc+json";
                byte[] json = EdgeFuzzValues.utf8("{\"sessionId\": [" + "[".repeat(3000));
                body = frameOf(0, json.length, json);
            }
            case 10 -> {
                timeout = r.nextBoolean() ? "99999999999H" : "soon";
                body = frameOf(0, valid.length, valid);
            }
            default -> {
                encoding = "zstd-not-really";
                body = frameOf(1, valid.length, valid);
            }
        }
        RequestHeadersBuilder h = RequestHeaders.builder(
                        HttpMethod.POST, "/aetherfs.v1.FileSystemService/CreateDirectory")
                .contentType(com.linecorp.armeria.common.MediaType.parse(contentType))
                .set("te", "trailers")
                .set("authorization", authorization);
        if (encoding != null) {
            h.set("grpc-encoding", encoding);
        }
        if (timeout != null) {
            h.set("grpc-timeout", timeout);
        }
        AggregatedHttpResponse res =
                web.execute(h.build(), HttpData.wrap(body)).aggregate().join();
        HttpHeaders trailers = res.trailers().isEmpty() ? res.headers() : res.trailers();
        String status = trailers.get("grpc-status");
        if (status == null) {
            return new Answer(
                    res.status().code() >= 500 ? Status.Code.INTERNAL : Status.Code.INVALID_ARGUMENT,
                    "HTTP " + res.status().code() + " without grpc-status: " + res.contentUtf8());
        }
        String message = trailers.get("grpc-message");
        return new Answer(
                Status.fromCodeValue(Integer.parseInt(status)).getCode(),
                message == null ? "" : URLDecoder.decode(message.replace("+", "%2B"), StandardCharsets.UTF_8));
    }

    private static byte[] frameOf(int flag, int declaredLength, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(5 + payload.length);
        b.put((byte) flag).putInt(declaredLength).put(payload);
        return b.array();
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }

    private enum Raw implements io.grpc.MethodDescriptor.Marshaller<byte[]> {
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

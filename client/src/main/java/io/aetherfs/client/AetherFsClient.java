package io.aetherfs.client;

import com.google.protobuf.ByteString;
import io.aetherfs.proto.v1.ArchiveFormat;
import io.aetherfs.proto.v1.DownloadSessionAsTarballRequest;
import io.aetherfs.proto.v1.FileSystemServiceGrpc;
import io.aetherfs.proto.v1.GetFileManifestRequest;
import io.aetherfs.proto.v1.GetFileManifestResponse;
import io.aetherfs.proto.v1.ManifestEntry;
import io.aetherfs.proto.v1.MessageBusServiceGrpc;
import io.aetherfs.proto.v1.ObservabilityServiceGrpc;
import io.aetherfs.proto.v1.OversightServiceGrpc;
import io.aetherfs.proto.v1.PersistenceServiceGrpc;
import io.aetherfs.proto.v1.ReadFileRequest;
import io.aetherfs.proto.v1.SessionServiceGrpc;
import io.aetherfs.proto.v1.SubscribeRequest;
import io.aetherfs.proto.v1.UnderlaySourceServiceGrpc;
import io.aetherfs.proto.v1.Upload;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * A client of the {@code aetherfs.v1} gRPC API: authenticated stubs for every service, plus helpers
 * for the common flows (whole-file read and write streams, paged manifests, archive download and
 * sync). Stub calls throw {@code StatusRuntimeException}; the helpers throw {@link AetherFsException}.
 */
public final class AetherFsClient implements AutoCloseable {
    private static final int CHUNK = 1 << 20;

    private final ManagedChannel channel;
    private final Channel authed;

    private AetherFsClient(ManagedChannel channel, ClientHeaders headers) {
        this.channel = channel;
        this.authed = ClientInterceptors.intercept(channel, headers);
    }

    /** Returns a client for a plaintext (h2c) server at {@code host:port}. */
    public static AetherFsClient connect(String hostPort, String token, String clientName, String clientVersion) {
        ManagedChannel ch = NettyChannelBuilder.forTarget(hostPort)
                .usePlaintext()
                .keepAliveTime(30, TimeUnit.SECONDS)
                .maxInboundMessageSize(16 << 20)
                .build();
        return new AetherFsClient(ch, new ClientHeaders(token, clientName, clientVersion));
    }

    /**
     * Returns a client for the server at {@code endpoint}, a URL as the server prints it: {@code
     * http://host:port} speaks plaintext HTTP/2 (h2c), {@code https://host[:port]} TLS with the JVM's
     * trust store (port 443 when absent). Throws IllegalArgumentException for any other form.
     */
    public static AetherFsClient connect(URI endpoint, String token, String clientName, String clientVersion) {
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme();
        if (endpoint.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException("endpoint " + endpoint
                    + " is not an http:// or https:// URL with a host, e.g. http://127.0.0.1:8080");
        }
        boolean tls = scheme.equals("https");
        int port = endpoint.getPort() >= 0 ? endpoint.getPort() : tls ? 443 : 80;
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(endpoint.getHost(), port)
                .keepAliveTime(30, TimeUnit.SECONDS)
                .maxInboundMessageSize(16 << 20);
        ManagedChannel ch = (tls ? builder.useTransportSecurity() : builder.usePlaintext()).build();
        return new AetherFsClient(ch, new ClientHeaders(token, clientName, clientVersion));
    }

    public SessionServiceGrpc.SessionServiceBlockingStub sessions() {
        return SessionServiceGrpc.newBlockingStub(authed);
    }

    public PersistenceServiceGrpc.PersistenceServiceBlockingStub persistence() {
        return PersistenceServiceGrpc.newBlockingStub(authed);
    }

    public FileSystemServiceGrpc.FileSystemServiceBlockingStub files() {
        return FileSystemServiceGrpc.newBlockingStub(authed);
    }

    /** Returns the asynchronous file stub, needed for the client-streaming RPCs. */
    public FileSystemServiceGrpc.FileSystemServiceStub filesAsync() {
        return FileSystemServiceGrpc.newStub(authed);
    }

    public ObservabilityServiceGrpc.ObservabilityServiceBlockingStub observability() {
        return ObservabilityServiceGrpc.newBlockingStub(authed);
    }

    public UnderlaySourceServiceGrpc.UnderlaySourceServiceBlockingStub sources() {
        return UnderlaySourceServiceGrpc.newBlockingStub(authed);
    }

    /**
     * Uploads an archive to a source with the UploadSourceArchive stream, in bounded memory; {@code sent} is
     * told the bytes sent so far after each chunk (for progress). {@code sizeBytes} is the archive's size, or
     * a negative value when unknown. Returns the Upload to import.
     */
    public Upload uploadArchive(
            String sourceId, ArchiveFormat format, long sizeBytes, InputStream content, LongConsumer sent) {
        return new ArchiveUpload(UnderlaySourceServiceGrpc.newStub(authed))
                .upload(sourceId, format, sizeBytes, content, sent);
    }

    public OversightServiceGrpc.OversightServiceBlockingStub oversight() {
        return OversightServiceGrpc.newBlockingStub(authed);
    }

    public MessageBusServiceGrpc.MessageBusServiceBlockingStub bus() {
        return MessageBusServiceGrpc.newBlockingStub(authed);
    }

    /**
     * Subscribes to a session's message bus: replayed messages, then live ones, until the stream ends
     * with an error (thrown from the iterator as {@link AetherFsException}) or the subscription is closed.
     */
    public BusSubscription subscribe(SubscribeRequest request) {
        return BusSubscription.open(bus(), request);
    }

    /** Runs a call and turns a failure into an {@link AetherFsException}. */
    public static <T> T call(Supplier<T> rpc) {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            throw AetherFsException.from(e);
        }
    }

    /** Writes a whole file with the WriteFile stream; returns its new manifest entry. */
    public ManifestEntry writeFile(String sessionId, String path, InputStream content, boolean createParents) {
        return new FileUpload(filesAsync()).write(sessionId, path, content, createParents);
    }

    /** Reads a whole file with the ReadFile stream. */
    public byte[] readFile(String sessionId, String path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        readFile(sessionId, path, out);
        return out.toByteArray();
    }

    /** Streams a whole file to {@code out} chunk by chunk, so any size reads in bounded memory. */
    public void readFile(String sessionId, String path, OutputStream out) {
        call(() -> {
            files().readFile(ReadFileRequest.newBuilder()
                            .setSessionId(sessionId)
                            .setPath(path)
                            .setChunkSize(CHUNK)
                            .build())
                    .forEachRemaining(c -> write(out, c.getData()));
            return null;
        });
    }

    /** Returns every manifest entry at or below {@code prefix}, fetching pages as it goes. */
    public Iterator<ManifestEntry> manifest(String sessionId, String prefix) {
        return manifest(sessionId, prefix, true);
    }

    /**
     * Returns the manifest entries under {@code prefix}: the whole subtree when {@code recursive}, else only
     * the immediate children; pages are fetched as the iterator advances.
     */
    public Iterator<ManifestEntry> manifest(String sessionId, String prefix, boolean recursive) {
        return new Iterator<>() {
            private List<ManifestEntry> page = new ArrayList<>();
            private int i;
            private String token = "";
            private boolean last;

            @Override
            public boolean hasNext() {
                while (i == page.size() && !last) {
                    GetFileManifestResponse r = call(() -> files().getFileManifest(GetFileManifestRequest.newBuilder()
                            .setSessionId(sessionId)
                            .setPathPrefix(prefix)
                            .setRecursive(recursive)
                            .setPageSize(1000)
                            .setPageToken(token)
                            .build()));
                    page = r.getEntriesList();
                    i = 0;
                    token = r.getNextPageToken();
                    last = token.isEmpty();
                }
                return i < page.size();
            }

            @Override
            public ManifestEntry next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return page.get(i++);
            }
        };
    }

    /** Streams an archive of the session's working tree (or {@code at}) to {@code out}. */
    public void download(String sessionId, ArchiveFormat format, String at, OutputStream out) {
        download(sessionId, format, at, "", out);
    }

    /** Streams an archive of the entries under {@code pathPrefix} (empty: all) of a tree to {@code out}. */
    public void download(String sessionId, ArchiveFormat format, String at, String pathPrefix, OutputStream out) {
        call(() -> {
            files().downloadSessionAsTarball(DownloadSessionAsTarballRequest.newBuilder()
                            .setSessionId(sessionId)
                            .setFormat(format)
                            .setAt(at == null ? "" : at)
                            .setPathPrefix(pathPrefix == null ? "" : pathPrefix)
                            .build())
                    .forEachRemaining(r -> write(out, r.getData()));
            return null;
        });
    }

    private static void write(OutputStream out, ByteString data) {
        try {
            data.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(10, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.shutdownNow();
        }
    }
}

package io.aetherfs.server.grpc;

import com.google.protobuf.ByteString;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.proto.v1.DownloadSessionAsTarballRequest;
import io.aetherfs.proto.v1.DownloadSessionAsTarballResponse;
import io.aetherfs.proto.v1.FileChunk;
import io.aetherfs.proto.v1.ManifestEntry;
import io.aetherfs.proto.v1.ReadFileRequest;
import io.aetherfs.proto.v1.StreamFileRangeRequest;
import io.aetherfs.proto.v1.SyncChangesFromTarballRequest;
import io.aetherfs.proto.v1.SyncChangesFromTarballResponse;
import io.aetherfs.proto.v1.WriteFileRequest;
import io.aetherfs.server.api.Callers;
import io.aetherfs.service.Services;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.files.FileRead;
import io.aetherfs.service.transfer.Exports;
import io.aetherfs.service.transfer.SyncRequest;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The streaming RPCs of the FileSystemService (spec §10): ReadFile and StreamFileRange send file chunks,
 * DownloadSessionAsTarball sends archive pieces, and WriteFile and SyncChangesFromTarball receive a header
 * and then data. Everything is resolved and checked before the first message is sent.
 */
final class FileTransfers {
    /** The largest data payload of one streamed message (spec §10: chunks of at most 1 MiB). */
    static final int MAX_CHUNK = 1 << 20;

    private final Services services;

    FileTransfers(Services services) {
        this.services = services;
    }

    void readFile(ReadFileRequest req, StreamObserver<FileChunk> out) {
        ResponseStream.serve(out, () -> {
            Caller caller = Callers.current();
            int chunk = chunkSize(req.getChunkSize());
            FileRead f = services.fileReads().open(caller, Wire.session(req.getSessionId()), Wire.path(req.getPath()));
            return chunks(f, 0, 0, chunk);
        });
    }

    void streamFileRange(StreamFileRangeRequest req, StreamObserver<FileChunk> out) {
        ResponseStream.serve(out, () -> {
            Caller caller = Callers.current();
            FileRead f = services.fileReads().open(caller, Wire.session(req.getSessionId()), Wire.path(req.getPath()));
            return chunks(f, req.getOffset(), req.getLength(), MAX_CHUNK);
        });
    }

    StreamObserver<WriteFileRequest> writeFile(StreamObserver<ManifestEntry> out) {
        return UploadStream.start(
                out,
                m -> m.hasHeader() ? m.getHeader() : null,
                m -> m.hasData() ? m.getData() : null,
                (caller, header) -> {
                    var id = Wire.session(header.getSessionId());
                    var write = FileRequests.write(header);
                    var token = Wire.lockToken(header.getLockToken());
                    return body -> FileMapping.entry(services.content().write(caller, id, write, body, token));
                });
    }

    void downloadSessionAsTarball(
            DownloadSessionAsTarballRequest req, StreamObserver<DownloadSessionAsTarballResponse> out) {
        ResponseStream.serve(out, () -> {
            Caller caller = Callers.current();
            return archive(services.exports()
                    .open(
                            caller,
                            Wire.session(req.getSessionId()),
                            FileRequests.archive(req.getFormat(), true),
                            req.getAt(),
                            Wire.path(req.getPathPrefix())));
        });
    }

    StreamObserver<SyncChangesFromTarballRequest> syncChangesFromTarball(
            StreamObserver<SyncChangesFromTarballResponse> out) {
        return UploadStream.start(
                out,
                m -> m.hasHeader() ? m.getHeader() : null,
                m -> m.hasData() ? m.getData() : null,
                (caller, header) -> {
                    var id = Wire.session(header.getSessionId());
                    var sync = new SyncRequest(
                            FileRequests.archive(header.getFormat(), false),
                            Wire.path(header.getBasePath()),
                            header.getDeleteMissing(),
                            Wire.optional(header.getExpectedFingerprint()),
                            Wire.lockToken(header.getLockToken()));
                    return body -> {
                        var r = services.syncs().sync(caller, id, sync, body);
                        return SyncChangesFromTarballResponse.newBuilder()
                                .setStats(PersistenceMapping.stats(r.stats()))
                                .setFingerprint(Wire.orEmpty(r.fingerprint()))
                                .build();
                    };
                });
    }

    /** Returns the chunk size a ReadFile request asks for: 0 lets the server choose, larger is clamped. */
    static int chunkSize(int requested) {
        if (requested < 0) {
            throw AfsException.invalid("chunk_size must not be negative");
        }
        return requested == 0 ? MAX_CHUNK : Math.min(requested, MAX_CHUNK);
    }

    /**
     * Returns the producer of a file's bytes in [offset, offset+length), clamped at the end of the file
     * (length 0 means to the end). The first chunk carries the file's entry; an empty range still sends it.
     */
    static ResponseStream.Producer<FileChunk> chunks(FileRead f, long offset, long length, int chunkSize) {
        if (offset < 0 || length < 0) {
            throw AfsException.invalid("offset and length must not be negative");
        }
        long size = f.content().size();
        long start = Math.min(offset, size);
        long end = length == 0 ? size : start + Math.min(length, size - start);
        return sink -> {
            FileChunk.Builder first =
                    FileChunk.newBuilder().setEntry(FileMapping.entry(f.view())).setOffset(start);
            boolean[] sentFirst = {false};
            f.store().stream(f.content(), start, end - start, chunkSize, (pos, data) -> {
                FileChunk.Builder b = sentFirst[0] ? FileChunk.newBuilder().setOffset(pos) : first;
                sentFirst[0] = true;
                sink.send(b.setData(ByteString.copyFrom(data)).build());
            });
            if (!sentFirst[0]) {
                sink.send(first.build());
            }
        };
    }

    /** Returns the producer of an export's archive bytes in messages of at most 1 MiB. */
    static ResponseStream.Producer<DownloadSessionAsTarballResponse> archive(Exports.Export export) {
        return sink -> {
            OutputStream out = new ChunkingOutputStream(data -> sink.send(
                    DownloadSessionAsTarballResponse.newBuilder().setData(data).build()));
            export.writeTo(out);
            out.close(); // only on success: a failed archive ends with the error, not with its last piece
        };
    }

    /** Buffers written bytes and passes them on in pieces of {@link #MAX_CHUNK}, the rest on close. */
    private static final class ChunkingOutputStream extends OutputStream {
        private final ResponseStream.Sink<ByteString> sink;
        private final byte[] buf = new byte[MAX_CHUNK];
        private int used;

        ChunkingOutputStream(ResponseStream.Sink<ByteString> sink) {
            this.sink = sink;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, buf.length - used);
                System.arraycopy(b, off, buf, used, n);
                used += n;
                off += n;
                len -= n;
                if (used == buf.length) {
                    emit();
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (used > 0) {
                emit();
            }
        }

        private void emit() throws IOException {
            sink.send(ByteString.copyFrom(buf, 0, used));
            used = 0;
        }
    }
}

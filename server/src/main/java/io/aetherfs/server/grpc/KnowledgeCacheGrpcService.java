package io.aetherfs.server.grpc;

import io.aetherfs.proto.v1.BatchDeleteCacheEntriesRequest;
import io.aetherfs.proto.v1.BatchDeleteCacheEntriesResponse;
import io.aetherfs.proto.v1.BatchGetCacheEntriesRequest;
import io.aetherfs.proto.v1.BatchGetCacheEntriesResponse;
import io.aetherfs.proto.v1.BatchSetCacheEntriesRequest;
import io.aetherfs.proto.v1.BatchSetCacheEntriesResponse;
import io.aetherfs.proto.v1.CacheEntry;
import io.aetherfs.proto.v1.CacheEntryExistsRequest;
import io.aetherfs.proto.v1.CacheEntryExistsResponse;
import io.aetherfs.proto.v1.CacheEntryMetadata;
import io.aetherfs.proto.v1.CacheStats;
import io.aetherfs.proto.v1.CompareAndSetCacheEntryRequest;
import io.aetherfs.proto.v1.DeleteCacheEntriesByPrefixRequest;
import io.aetherfs.proto.v1.DeleteCacheEntriesByPrefixResponse;
import io.aetherfs.proto.v1.DeleteCacheEntryRequest;
import io.aetherfs.proto.v1.DeleteCacheEntryResponse;
import io.aetherfs.proto.v1.GetCacheEntryMetadataRequest;
import io.aetherfs.proto.v1.GetCacheEntryRequest;
import io.aetherfs.proto.v1.GetCacheStatsRequest;
import io.aetherfs.proto.v1.KnowledgeCacheServiceGrpc;
import io.aetherfs.proto.v1.ListCacheKeysRequest;
import io.aetherfs.proto.v1.ListCacheKeysResponse;
import io.aetherfs.proto.v1.SetCacheEntryRequest;
import io.aetherfs.server.api.Callers;
import io.aetherfs.service.Services;
import io.aetherfs.service.cache.CacheMetadata;
import io.aetherfs.service.cache.KnowledgeCache;
import io.aetherfs.service.page.Page;
import io.grpc.stub.StreamObserver;

/** The gRPC KnowledgeCacheService (spec §9.4, §10): the 12 cache RPCs over {@link KnowledgeCache}. */
public final class KnowledgeCacheGrpcService extends KnowledgeCacheServiceGrpc.KnowledgeCacheServiceImplBase {
    private final KnowledgeCache cache;

    public KnowledgeCacheGrpcService(Services services) {
        this.cache = services.cache();
    }

    @Override
    public void getCacheEntry(GetCacheEntryRequest req, StreamObserver<CacheEntry> out) {
        GrpcCalls.unary(
                out,
                () -> CacheMapping.entry(cache.get(Callers.current(), Wire.session(req.getSessionId()), req.getKey())));
    }

    @Override
    public void setCacheEntry(SetCacheEntryRequest req, StreamObserver<CacheEntryMetadata> out) {
        GrpcCalls.unary(
                out,
                () -> CacheMapping.metadata(cache.set(
                        Callers.current(),
                        Wire.session(req.getSessionId()),
                        CacheMapping.write(
                                req.getKey(), req.getValue(), req.getContentType(), req.getTtlSeconds(), null))));
    }

    @Override
    public void deleteCacheEntry(DeleteCacheEntryRequest req, StreamObserver<DeleteCacheEntryResponse> out) {
        GrpcCalls.unary(out, () -> DeleteCacheEntryResponse.newBuilder()
                .setDeleted(cache.delete(Callers.current(), Wire.session(req.getSessionId()), req.getKey()))
                .build());
    }

    @Override
    public void cacheEntryExists(CacheEntryExistsRequest req, StreamObserver<CacheEntryExistsResponse> out) {
        GrpcCalls.unary(out, () -> CacheEntryExistsResponse.newBuilder()
                .setExists(cache.exists(Callers.current(), Wire.session(req.getSessionId()), req.getKey()))
                .build());
    }

    @Override
    public void getCacheEntryMetadata(GetCacheEntryMetadataRequest req, StreamObserver<CacheEntryMetadata> out) {
        GrpcCalls.unary(
                out,
                () -> CacheMapping.metadata(
                        cache.metadata(Callers.current(), Wire.session(req.getSessionId()), req.getKey())));
    }

    @Override
    public void compareAndSetCacheEntry(CompareAndSetCacheEntryRequest req, StreamObserver<CacheEntryMetadata> out) {
        GrpcCalls.unary(
                out,
                () -> CacheMapping.metadata(cache.compareAndSet(
                        Callers.current(),
                        Wire.session(req.getSessionId()),
                        CacheMapping.write(
                                req.getKey(),
                                req.getValue(),
                                req.getContentType(),
                                req.getTtlSeconds(),
                                req.getExpectedVersion()))));
    }

    @Override
    public void listCacheKeys(ListCacheKeysRequest req, StreamObserver<ListCacheKeysResponse> out) {
        GrpcCalls.unary(out, () -> {
            Page<CacheMetadata> page = cache.list(
                    Callers.current(),
                    Wire.session(req.getSessionId()),
                    req.getPrefix(),
                    Wire.page(req.getPageSize(), req.getPageToken()));
            ListCacheKeysResponse.Builder b = ListCacheKeysResponse.newBuilder().setNextPageToken(page.nextPageToken());
            for (CacheMetadata m : page.items()) {
                b.addKeys(m.key());
                if (req.getIncludeMetadata()) {
                    b.addEntries(CacheMapping.metadata(m));
                }
            }
            return b.build();
        });
    }

    @Override
    public void getCacheStats(GetCacheStatsRequest req, StreamObserver<CacheStats> out) {
        GrpcCalls.unary(
                out, () -> CacheMapping.stats(cache.stats(Callers.current(), Wire.session(req.getSessionId()))));
    }

    @Override
    public void batchGetCacheEntries(
            BatchGetCacheEntriesRequest req, StreamObserver<BatchGetCacheEntriesResponse> out) {
        GrpcCalls.unary(out, () -> {
            var r = cache.batchGet(Callers.current(), Wire.session(req.getSessionId()), req.getKeysList());
            return BatchGetCacheEntriesResponse.newBuilder()
                    .addAllEntries(r.entries().stream().map(CacheMapping::entry).toList())
                    .addAllMissingKeys(r.missingKeys())
                    .build();
        });
    }

    @Override
    public void batchSetCacheEntries(
            BatchSetCacheEntriesRequest req, StreamObserver<BatchSetCacheEntriesResponse> out) {
        GrpcCalls.unary(out, () -> BatchSetCacheEntriesResponse.newBuilder()
                .addAllEntries(cache
                        .batchSet(
                                Callers.current(),
                                Wire.session(req.getSessionId()),
                                req.getEntriesList().stream()
                                        .map(CacheMapping::write)
                                        .toList())
                        .stream()
                        .map(CacheMapping::metadata)
                        .toList())
                .build());
    }

    @Override
    public void batchDeleteCacheEntries(
            BatchDeleteCacheEntriesRequest req, StreamObserver<BatchDeleteCacheEntriesResponse> out) {
        GrpcCalls.unary(out, () -> BatchDeleteCacheEntriesResponse.newBuilder()
                .setDeletedCount(
                        cache.batchDelete(Callers.current(), Wire.session(req.getSessionId()), req.getKeysList()))
                .build());
    }

    @Override
    public void deleteCacheEntriesByPrefix(
            DeleteCacheEntriesByPrefixRequest req, StreamObserver<DeleteCacheEntriesByPrefixResponse> out) {
        GrpcCalls.unary(out, () -> DeleteCacheEntriesByPrefixResponse.newBuilder()
                .setDeletedCount(
                        cache.deleteByPrefix(Callers.current(), Wire.session(req.getSessionId()), req.getPrefix()))
                .build());
    }
}

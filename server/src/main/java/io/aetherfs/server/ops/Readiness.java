package io.aetherfs.server.ops;

import io.aetherfs.core.spi.BlobStore;
import io.aetherfs.core.spi.MetaStore;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Whether the server should receive traffic (spec §9.7 {@code /readyz}): both stores reachable with a
 * current schema, and not draining for shutdown. Thread-safe.
 */
public final class Readiness {
    private final MetaStore meta;
    private final BlobStore blobs;
    private final CompletableFuture<Void> draining = new CompletableFuture<>();

    public Readiness(MetaStore meta, BlobStore blobs) {
        this.meta = meta;
        this.blobs = blobs;
    }

    /** Marks the server as shutting down; readiness fails from now on. */
    public void startDraining() {
        draining.complete(null);
    }

    /** Returns whether shutdown has begun. */
    public boolean draining() {
        return draining.isDone();
    }

    /** Returns a stage that completes when shutdown begins (long-lived streams end themselves on it). */
    public CompletionStage<Void> whenDraining() {
        return draining.minimalCompletionStage();
    }

    /** Returns empty when ready, else why not. Blocks on the stores: call it off the event loop. */
    public Optional<String> check() {
        if (draining()) {
            return Optional.of("draining: the server is shutting down");
        }
        try {
            meta.checkHealth();
        } catch (RuntimeException e) {
            return Optional.of("metadata store: " + e.getMessage());
        }
        try {
            blobs.checkHealth();
        } catch (RuntimeException e) {
            return Optional.of("blob store: " + e.getMessage());
        }
        return Optional.empty();
    }
}

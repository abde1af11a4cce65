package io.aetherfs.server.api;

import io.aetherfs.service.auth.Caller;
import java.util.concurrent.CompletableFuture;

/** Authenticates a request from its authorization and client headers; throws UNAUTHENTICATED. */
@FunctionalInterface
public interface CallerResolver {
    Caller resolve(String authorization, String clientName, String clientVersion);

    /**
     * Returns the caller like {@link #resolve} without blocking: complete on return unless keys must be
     * fetched first, failing with UNAUTHENTICATED. By default it resolves at once.
     */
    default CompletableFuture<Caller> resolveAsync(String authorization, String clientName, String clientVersion) {
        try {
            return CompletableFuture.completedFuture(resolve(authorization, clientName, clientVersion));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}

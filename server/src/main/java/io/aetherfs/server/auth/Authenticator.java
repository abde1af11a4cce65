package io.aetherfs.server.auth;

import io.aetherfs.service.auth.Caller;
import java.util.concurrent.CompletableFuture;

/**
 * Resolves the caller of a request from its {@code Authorization} header (spec §3.1); one
 * implementation per {@code auth.mode}. Implementations are thread-safe and never put the token in
 * a message or a log line.
 */
public interface Authenticator extends AutoCloseable {
    /**
     * Returns the authenticated caller, waiting if keys must be fetched first.
     *
     * @param authorizationHeader the header value ({@code Bearer <token>}), or null when absent
     * @param clientName the {@code x-aetherfs-client-name} header, or null
     * @param clientVersion the {@code x-aetherfs-client-version} header, or null
     * @throws io.aetherfs.core.error.AfsException with code UNAUTHENTICATED when the token is missing,
     *     malformed, expired or badly signed
     */
    Caller authenticate(String authorizationHeader, String clientName, String clientVersion);

    /**
     * Returns the caller like {@link #authenticate} without ever blocking: the future is complete on
     * return unless keys must be fetched first, and then completes on another thread. By default it
     * authenticates at once.
     */
    default CompletableFuture<Caller> authenticateAsync(
            String authorizationHeader, String clientName, String clientVersion) {
        try {
            return CompletableFuture.completedFuture(authenticate(authorizationHeader, clientName, clientVersion));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Stops any background work (key refreshes); by default there is none. */
    @Override
    default void close() {}
}

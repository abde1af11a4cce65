package io.aetherfs.server.auth;

import io.aetherfs.service.auth.Caller;

/**
 * Resolves the caller of a request from its {@code Authorization} header (spec §3.1); one
 * implementation per {@code auth.mode}. Implementations are thread-safe and never put the token in
 * a message or a log line.
 */
public interface Authenticator {
    /**
     * Returns the authenticated caller.
     *
     * @param authorizationHeader the header value ({@code Bearer <token>}), or null when absent
     * @param clientName the {@code x-aetherfs-client-name} header, or null
     * @param clientVersion the {@code x-aetherfs-client-version} header, or null
     * @throws io.aetherfs.core.error.AfsException with code UNAUTHENTICATED when the token is missing,
     *     malformed, expired or badly signed
     */
    Caller authenticate(String authorizationHeader, String clientName, String clientVersion);
}

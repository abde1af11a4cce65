package io.aetherfs.server.api;

import io.aetherfs.service.auth.Caller;

/** Authenticates a request from its authorization and client headers; throws UNAUTHENTICATED. */
@FunctionalInterface
public interface CallerResolver {
    Caller resolve(String authorization, String clientName, String clientVersion);
}

package io.aetherfs.core.model;

/** Who caused an event: the principal, the client that sent the request, and the mount worker if any. */
public record Actor(String principal, String clientName, String clientVersion, String mountWorkerId) {
    /** Returns an actor for work the server does by itself (expiry, background sealing). */
    public static Actor system() {
        return new Actor("system:afs-server", null, null, null);
    }
}

package io.aetherfs.service.bus;

/** Which live messages a subscription receives (spec §7 BusScope, §8.11). */
public enum BusScope {
    /** Only the subscribed session's messages. */
    SESSION_ONLY,
    /** Also live messages of the tenant's other sessions the subscriber may read. */
    TENANT
}

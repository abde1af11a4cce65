package io.aetherfs.service.health;

/** The health of a session (spec §7 HealthStatus): unknown until reported, then passing or failing. */
public enum HealthStatus {
    UNKNOWN,
    PASSING,
    FAILING
}

package io.aetherfs.service;

/** Deployment-wide policy switches (spec §13.1 {@code policy.*}). */
public record Policy(boolean requireApprovals) {
    public static final Policy DEFAULT = new Policy(false);
}

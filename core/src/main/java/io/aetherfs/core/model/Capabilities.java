package io.aetherfs.core.model;

/** What a session allows: commits, enforced approvals, annotations (defaults true, false, true). */
public record Capabilities(boolean commit, boolean approvals, boolean annotations) {
    public static final Capabilities DEFAULT = new Capabilities(true, false, true);
}

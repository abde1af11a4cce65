package io.aetherfs.service.session;

import io.aetherfs.core.model.Capabilities;

/** Capability values a request sets; null keeps the current (or default) value. */
public record CapabilitiesPatch(Boolean commit, Boolean approvals, Boolean annotations) {
    /** Returns {@code base} with the set values applied. */
    public Capabilities applyTo(Capabilities base) {
        return new Capabilities(
                commit != null ? commit : base.commit(),
                approvals != null ? approvals : base.approvals(),
                annotations != null ? annotations : base.annotations());
    }
}

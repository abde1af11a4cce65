package io.aetherfs.core.model;

/** Who may see a session: the whole tenant, or only its owner, the listed principals and admins. */
public enum Visibility {
    TENANT,
    PRIVATE
}

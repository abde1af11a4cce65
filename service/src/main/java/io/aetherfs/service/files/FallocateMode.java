package io.aetherfs.service.files;

/** The fallocate modes the server supports; others are UNIMPLEMENTED. */
public enum FallocateMode {
    ALLOCATE,
    PUNCH_HOLE
}

package io.aetherfs.fuse;

/** The process on whose behalf the kernel sent a request: its user, group, process id and umask. */
public record Caller(int uid, int gid, int pid, int umask) {}

package io.aetherfs.fuse;

/**
 * Counters of a session: requests received, operations that threw something other than
 * {@link FuseException}, operations the watchdog answered, workers running, and the native memory the
 * binding holds (all sessions of the process together).
 */
public record SessionStats(long requests, long failures, long timeouts, int workers, long nativeBytes) {}

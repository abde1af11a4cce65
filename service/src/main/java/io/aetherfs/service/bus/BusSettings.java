package io.aetherfs.service.bus;

import java.time.Duration;

/**
 * The message bus limits of spec §12 and the tuning of its delivery: the largest payload, how many
 * messages each session keeps, how far behind a subscriber may fall before its stream is closed, how
 * often each node re-reads the sessions it serves (notices may be lost, spec Notifier), and how often
 * idle HTTP streams send a keepalive.
 */
public record BusSettings(
        long maxPayloadBytes,
        int retentionMessages,
        int maxLagMessages,
        Duration pollInterval,
        Duration keepaliveInterval) {
    /** The largest {@code replayLimit} (spec §8.11); larger values are clamped. */
    public static final int MAX_REPLAY = 1000;

    public static final BusSettings DEFAULT =
            new BusSettings(256 * 1024, 1000, 1000, Duration.ofSeconds(1), Duration.ofSeconds(15));

    public BusSettings {
        if (maxPayloadBytes < 0 || retentionMessages < 1 || maxLagMessages < 1) {
            throw new IllegalArgumentException("bus limits must be positive");
        }
        if (pollInterval.isNegative()
                || pollInterval.isZero()
                || keepaliveInterval.isNegative()
                || keepaliveInterval.isZero()) {
            throw new IllegalArgumentException("bus intervals must be positive");
        }
    }

    /** Returns these settings with the configured payload and retention limits. */
    public BusSettings withLimits(long maxPayloadBytes, int retentionMessages) {
        return new BusSettings(maxPayloadBytes, retentionMessages, maxLagMessages, pollInterval, keepaliveInterval);
    }

    /** Returns these settings with other delivery intervals (tests shorten them). */
    public BusSettings withIntervals(Duration pollInterval, Duration keepaliveInterval) {
        return new BusSettings(maxPayloadBytes, retentionMessages, maxLagMessages, pollInterval, keepaliveInterval);
    }
}

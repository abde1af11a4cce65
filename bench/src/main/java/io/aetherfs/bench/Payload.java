package io.aetherfs.bench;

import java.util.SplittableRandom;

/** Deterministic incompressible file contents for the throughput benchmarks and their baselines. */
public final class Payload {
    private Payload() {}

    /** Returns {@code length} pseudo-random bytes determined by {@code seed}. */
    public static byte[] bytes(long seed, int length) {
        byte[] b = new byte[length];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }
}

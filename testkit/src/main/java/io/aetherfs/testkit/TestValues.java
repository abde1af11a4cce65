package io.aetherfs.testkit;

import io.aetherfs.core.model.TenantId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Deterministic tenants, byte arrays and counters shared by the storage contract suites. */
public final class TestValues {
    /** A tenant whose id sorts first. */
    public static final TenantId TENANT_A = new TenantId("0a000000-0000-4000-8000-000000000001");
    /** A tenant whose id sorts second. */
    public static final TenantId TENANT_B = new TenantId("0b000000-0000-4000-8000-000000000002");
    /** A tenant whose id sorts third. */
    public static final TenantId TENANT_C = new TenantId("0c000000-0000-4000-8000-000000000003");

    private TestValues() {}

    /** Returns {@code size} pseudo-random bytes that depend only on {@code seed}. */
    public static byte[] randomBytes(long seed, int size) {
        byte[] out = new byte[size];
        new Random(seed).nextBytes(out);
        return out;
    }

    /** Returns the UTF-8 bytes of {@code s}. */
    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Returns {@code v} as 8 big-endian bytes. */
    public static byte[] longBytes(long v) {
        return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
    }

    /** Returns the long stored by {@link #longBytes}. */
    public static long toLong(byte[] b) {
        return ByteBuffer.wrap(b).getLong();
    }
}

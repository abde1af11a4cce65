package io.aetherfs.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Capability negotiation: only what the kernel offers can be wanted, and nothing changes after init. */
class ConnectionTest {

    static Connection offer(Set<Capability> capable, Set<Capability> defaults) {
        return new Connection(
                7, 45, Capability.toBits(capable), Capability.toBits(defaults), 0, 1 << 20, 128 << 10, 0, 0, 1);
    }

    @Test
    void want_onlyWhatTheKernelOffers() {
        Connection c =
                offer(EnumSet.of(Capability.WRITEBACK_CACHE, Capability.ASYNC_READ), EnumSet.of(Capability.ASYNC_READ));
        assertThat(c.has(Capability.ASYNC_READ)).isTrue();
        assertThat(c.want(Capability.WRITEBACK_CACHE)).isTrue();
        assertThat(c.want(Capability.POSIX_ACL)).isFalse();
        c.unwant(Capability.ASYNC_READ);
        assertThat(c.wanted()).containsExactly(Capability.WRITEBACK_CACHE);
        c.maxReadahead(1 << 30);
        assertThat(c.maxReadahead()).as("at most what was offered").isEqualTo(128 << 10);
    }

    @Test
    void afterFreeze_nothingChanges() {
        Connection c = offer(EnumSet.allOf(Capability.class), EnumSet.noneOf(Capability.class));
        c.freeze();
        assertThatThrownBy(() -> c.want(Capability.SPLICE_READ)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> c.maxWrite(4096)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void bits_roundTrip() {
        assertThat(Capability.fromBits(Capability.toBits(EnumSet.allOf(Capability.class))))
                .isEqualTo(EnumSet.allOf(Capability.class));
        assertThat(Capability.WRITEBACK_CACHE.bit()).isEqualTo(1 << 16);
        assertThat(Capability.EXPLICIT_INVAL_DATA.bit()).isEqualTo(1 << 25);
    }
}

package io.aetherfs.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import io.aetherfs.core.error.AfsException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProtoTimesTest {
    @Test
    void nanos_roundTripIncludingBeforeTheEpoch() {
        for (long n : new long[] {0, 1, 1_700_000_000_123_456_789L, -1, -1_500_000_001L}) {
            assertThat(ProtoTimes.nanos("t", ProtoTimes.ofNanos(n))).isEqualTo(n);
        }
        assertThat(ProtoTimes.ofNanos(-1))
                .isEqualTo(Timestamp.newBuilder()
                        .setSeconds(-1)
                        .setNanos(999_999_999)
                        .build());
    }

    @Test
    void instants_roundTrip_andOutOfRangeIsInvalid() {
        Instant t = Instant.parse("2026-03-11T05:55:21.5Z");
        assertThat(ProtoTimes.instant("t", ProtoTimes.of(t))).isEqualTo(t);
        assertThatThrownBy(() -> ProtoTimes.nanos(
                        "mtime",
                        Timestamp.newBuilder().setSeconds(Long.MAX_VALUE).build()))
                .isInstanceOf(AfsException.class)
                .hasMessageContaining("mtime");
        assertThatThrownBy(() -> ProtoTimes.instant(
                        "t", Timestamp.newBuilder().setSeconds(Long.MIN_VALUE).build()))
                .isInstanceOf(AfsException.class);
    }
}

package io.aetherfs.core.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AfsExceptionTest {
    @Test
    void aborted_withoutReason_isRefused() {
        assertThatThrownBy(() -> new AfsException(ErrorCode.ABORTED, "kept changing"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a reason");
    }

    @Test
    void concurrentUpdate_isAbortedWithItsReason() {
        AfsException e = AfsException.concurrentUpdate("retries ran out", null);
        assertThat(e.code()).isEqualTo(ErrorCode.ABORTED);
        assertThat(e.reason()).isEqualTo(Reason.CONCURRENT_UPDATE);
    }
}

package io.aetherfs.service;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import org.assertj.core.api.ThrowableAssert;

/** Assertions on the code and reason of an expected {@link AfsException}. */
final class Errors {
    private Errors() {}

    static AfsException code(ErrorCode code, ThrowableAssert.ThrowingCallable call) {
        AfsException[] out = new AfsException[1];
        assertThatThrownBy(call).isInstanceOfSatisfying(AfsException.class, e -> {
            org.assertj.core.api.Assertions.assertThat(e.code())
                    .as(e.getMessage())
                    .isEqualTo(code);
            out[0] = e;
        });
        return out[0];
    }

    static AfsException reason(Reason reason, ThrowableAssert.ThrowingCallable call) {
        AfsException e = code(reason.code(), call);
        org.assertj.core.api.Assertions.assertThat(e.reason())
                .as(e.getMessage())
                .isEqualTo(reason);
        return e;
    }
}

package io.aetherfs.server.grpc;

import com.google.protobuf.ProtocolMessageEnum;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;

/**
 * Maps proto enums to core enums and back by name: the proto value is the core value's name behind a
 * type prefix ({@code SessionStatus.ACTIVE} ↔ {@code SESSION_STATUS_ACTIVE}). {@code *_UNSPECIFIED} is
 * rejected where a value is required, and so are values the other side does not know.
 */
final class EnumMapping {
    private static final String UNRECOGNIZED = "UNRECOGNIZED";

    private EnumMapping() {}

    /** Returns the proto value named {@code prefix + core.name()}. */
    static <P extends Enum<P>> P toProto(Enum<?> core, String prefix, Class<P> proto) {
        return Enum.valueOf(proto, prefix + core.name());
    }

    /** Returns the core value of a required proto value; INVALID_ARGUMENT for unspecified or unknown values. */
    static <P extends Enum<P> & ProtocolMessageEnum, C extends Enum<C>> C toCore(
            P value, String prefix, Class<C> core, String field) {
        C c = toCoreOrNull(value, prefix, core, field, ErrorCode.INVALID_ARGUMENT);
        if (c == null) {
            throw AfsException.invalid(field + " is required");
        }
        return c;
    }

    /**
     * Returns the core value of an optional proto value, or null for {@code *_UNSPECIFIED}; a value the core
     * lacks fails with {@code unsupported} (INVALID_ARGUMENT, or UNIMPLEMENTED for an unsupported variant).
     */
    static <P extends Enum<P> & ProtocolMessageEnum, C extends Enum<C>> C toCoreOrNull(
            P value, String prefix, Class<C> core, String field, ErrorCode unsupported) {
        if (value.name().equals(UNRECOGNIZED)) {
            throw new AfsException(unsupported, field + " has an unknown value");
        }
        if (value.getNumber() == 0) {
            return null;
        }
        try {
            return Enum.valueOf(core, value.name().substring(prefix.length()));
        } catch (IllegalArgumentException e) {
            throw new AfsException(unsupported, field + " " + value.name() + " is not supported here");
        }
    }
}

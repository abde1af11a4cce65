package io.aetherfs.server.grpc;

import com.google.protobuf.ByteString;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.proto.v1.SubscribeRequest;
import io.aetherfs.service.bus.BusMessage;
import io.aetherfs.service.bus.BusScope;
import io.aetherfs.service.bus.SubscribeOptions;

/** Conversions between the bus's service types and aetherfs.v1 messages, shared by gRPC and the HTTP stream. */
public final class BusMapping {
    private BusMapping() {}

    /** Returns the wire form of a message. */
    public static io.aetherfs.proto.v1.BusMessage message(BusMessage m) {
        return io.aetherfs.proto.v1.BusMessage.newBuilder()
                .setSessionId(m.sessionId().value())
                .setSequence(m.sequence())
                .setTopic(m.topic())
                .setPayload(ByteString.copyFrom(m.payload()))
                .setContentType(m.contentType())
                .setPublisher(m.publisher())
                .setPublishedAt(ProtoTimes.of(m.publishedAt()))
                .build();
    }

    /** Returns what a Subscribe request asks for; an unspecified scope is SESSION_ONLY. */
    public static SubscribeOptions options(SubscribeRequest r) {
        BusScope scope = EnumMapping.toCoreOrNull(
                r.getScope(), "BUS_SCOPE_", BusScope.class, "scope", ErrorCode.INVALID_ARGUMENT);
        return new SubscribeOptions(
                r.getTopicsList(), scope, r.getReplayLimit(), r.hasAfterSequence() ? r.getAfterSequence() : null);
    }
}

package io.aetherfs.server.grpc;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.aetherfs.core.model.Event;
import io.aetherfs.core.model.EventType;
import io.aetherfs.proto.v1.Actor;
import io.aetherfs.proto.v1.ListEventsRequest;
import io.aetherfs.service.events.EventQuery;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Maps event-log entries (spec §6.11) and ListEvents filters; free-form details become a Struct. */
final class EventMapping {
    /** Integral numbers beyond ±2^53 lose precision as JSON numbers, so they are sent as strings. */
    private static final long MAX_EXACT_DOUBLE = 1L << 53;

    private EventMapping() {}

    static io.aetherfs.proto.v1.Event event(Event e) {
        var b = io.aetherfs.proto.v1.Event.newBuilder()
                .setEventId(e.eventId().value())
                .setSessionId(e.sessionId().value())
                .setSequence(e.sequence())
                .setType(type(e.type()))
                .setPath(Wire.orEmpty(e.path()))
                .setDetails(struct(e.details()));
        if (e.actor() != null) {
            b.setActor(Actor.newBuilder()
                    .setPrincipal(Wire.orEmpty(e.actor().principal()))
                    .setClientName(Wire.orEmpty(e.actor().clientName()))
                    .setClientVersion(Wire.orEmpty(e.actor().clientVersion()))
                    .setMountWorkerId(Wire.orEmpty(e.actor().mountWorkerId())));
        }
        if (e.occurredAt() != null) {
            b.setOccurredAt(ProtoTimes.of(e.occurredAt()));
        }
        return b.build();
    }

    static io.aetherfs.proto.v1.EventType type(EventType t) {
        return EnumMapping.toProto(t, "EVENT_TYPE_", io.aetherfs.proto.v1.EventType.class);
    }

    /** Returns the filters of a ListEvents request; every listed type must be a real one. */
    static EventQuery query(ListEventsRequest r) {
        return query(r, r.hasStartTime(), r.hasEndTime());
    }

    /** Returns the filters of a request whose time bounds are present as {@code hasStart} and {@code hasEnd} say. */
    static EventQuery query(ListEventsRequest r, boolean hasStart, boolean hasEnd) {
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        for (io.aetherfs.proto.v1.EventType t : r.getTypesList()) {
            types.add(EnumMapping.toCore(t, "EVENT_TYPE_", EventType.class, "types"));
        }
        return new EventQuery(
                hasStart ? ProtoTimes.instant("start_time", r.getStartTime()) : null,
                hasEnd ? ProtoTimes.instant("end_time", r.getEndTime()) : null,
                types,
                r.getAfterSequence(),
                Wire.optional(r.getPath()));
    }

    /** Returns the Struct of a JSON-compatible map (strings, numbers, booleans, lists, maps, nulls). */
    static Struct struct(Map<?, ?> map) {
        Struct.Builder b = Struct.newBuilder();
        map.forEach((k, v) -> b.putFields(String.valueOf(k), value(v)));
        return b.build();
    }

    private static Value value(Object v) {
        return switch (v) {
            case null -> Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
            case String s -> Value.newBuilder().setStringValue(s).build();
            case Boolean bool -> Value.newBuilder().setBoolValue(bool).build();
            case Long l
            when l > MAX_EXACT_DOUBLE || l < -MAX_EXACT_DOUBLE ->
                Value.newBuilder().setStringValue(Long.toString(l)).build();
            case Number n -> Value.newBuilder().setNumberValue(n.doubleValue()).build();
            case Map<?, ?> m -> Value.newBuilder().setStructValue(struct(m)).build();
            case List<?> l -> {
                ListValue.Builder lb = ListValue.newBuilder();
                l.forEach(x -> lb.addValues(value(x)));
                yield Value.newBuilder().setListValue(lb).build();
            }
            default -> Value.newBuilder().setStringValue(v.toString()).build();
        };
    }
}

package io.aetherfs.core.engine;

import java.util.Objects;
import java.util.function.Function;

/**
 * One kind of record: where it lives ({@link RecordLayout}), how its id orders in the keyspace, how it
 * is stored ({@link RecordCodec}) and which event each write records ({@link RecordEvent.Rule}). Records
 * are read and written through {@link Records}: in a change with {@link ChangeContext#records}, outside
 * one with {@link Engine#records}.
 *
 * @param <I> the id of a record, unique within its session (or tenant)
 * @param <R> the record
 */
public final class RecordType<I, R> {
    private final String name;
    private final RecordLayout layout;
    private final Function<I, String> idPart;
    private final Function<R, I> idOf;
    private final RecordCodec<R> codec;
    private final RecordEvent.Rule<R> events;
    private final boolean engineWritten;

    private RecordType(Builder<I, R> b, boolean engineWritten) {
        this.name = Objects.requireNonNull(b.name);
        this.layout = Objects.requireNonNull(b.layout);
        this.idPart = Objects.requireNonNull(b.idPart, "idPart");
        this.idOf = b.idOf;
        this.codec = Objects.requireNonNull(b.codec, "codec");
        this.events = Objects.requireNonNull(b.events, "events: say RecordEvent.Rule.none() if writes record none");
        this.engineWritten = engineWritten;
    }

    /** Starts a kind named {@code name} (as error messages call it: "checkpoint") stored in {@code layout}. */
    public static <I, R> Builder<I, R> builder(String name, RecordLayout layout) {
        return new Builder<>(name, layout);
    }

    /** Returns a key part that orders as the (non-negative) number does: 16 hex digits. */
    public static String ordered(long number) {
        return KeySpace.hex16(number);
    }

    public String name() {
        return name;
    }

    public RecordLayout layout() {
        return layout;
    }

    RecordCodec<R> codec() {
        return codec;
    }

    RecordEvent.Rule<R> events() {
        return events;
    }

    /** Returns whether only the engine writes records of this kind (sessions, events). */
    boolean engineWritten() {
        return engineWritten;
    }

    /** Returns the key part of an id; ids order in the keyspace as their parts order as strings. */
    String idPart(I id) {
        return idPart.apply(id);
    }

    /** Returns the id of a record; fails for kinds that are only written with an explicit id. */
    I idOf(R record) {
        if (idOf == null) {
            throw new IllegalStateException("records of kind " + name + " are written with an explicit id");
        }
        return idOf.apply(record);
    }

    /** Builds a {@link RecordType}. */
    public static final class Builder<I, R> {
        private final String name;
        private final RecordLayout layout;
        private Function<I, String> idPart;
        private Function<R, I> idOf;
        private RecordCodec<R> codec;
        private RecordEvent.Rule<R> events;

        private Builder(String name, RecordLayout layout) {
            this.name = name;
            this.layout = layout;
        }

        /** Sets how ids become key parts; their string order is the listing order. */
        public Builder<I, R> idPart(Function<I, String> idPart) {
            this.idPart = idPart;
            return this;
        }

        /** Sets how the id is read from a record, for {@link Records#put(Object)}. */
        public Builder<I, R> idOf(Function<R, I> idOf) {
            this.idOf = idOf;
            return this;
        }

        public Builder<I, R> codec(RecordCodec<R> codec) {
            this.codec = codec;
            return this;
        }

        /** Stores records as JSON. */
        public Builder<I, R> json(Class<R> type) {
            return codec(RecordCodec.json(type));
        }

        /** Sets the event every write records (required: {@link RecordEvent.Rule#none()} says none). */
        public Builder<I, R> events(RecordEvent.Rule<R> events) {
            this.events = events;
            return this;
        }

        public RecordType<I, R> build() {
            return new RecordType<>(this, false);
        }

        RecordType<I, R> buildEngineWritten() {
            return new RecordType<>(this, true);
        }
    }
}

package io.aetherfs.core.engine;

import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.util.Json;

/**
 * How one kind of record is stored: its value bytes, and back. Decoding also gets the session and the
 * key's id part, for kinds whose key carries part of the record (a sequence number, an expiry time).
 */
public interface RecordCodec<R> {
    byte[] encode(R record);

    R decode(SessionId session, String idPart, byte[] value);

    /** Returns the codec of numbers stored as 8 bytes, big-endian (counters). */
    static RecordCodec<Long> int64() {
        return new RecordCodec<>() {
            @Override
            public byte[] encode(Long n) {
                return java.nio.ByteBuffer.allocate(Long.BYTES).putLong(n).array();
            }

            @Override
            public Long decode(SessionId session, String idPart, byte[] value) {
                return java.nio.ByteBuffer.wrap(value).getLong();
            }
        };
    }

    /** Returns the codec that stores records as JSON (the default of new kinds). */
    static <R> RecordCodec<R> json(Class<R> type) {
        return new RecordCodec<>() {
            @Override
            public byte[] encode(R record) {
                return Json.write(record);
            }

            @Override
            public R decode(SessionId session, String idPart, byte[] value) {
                return Json.read(value, type);
            }
        };
    }
}

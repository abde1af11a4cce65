package io.aetherfs.service.bus;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.util.ByteReader;
import io.aetherfs.core.util.ByteWriter;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * The stored form of bus rows. A message ({@code b/{session}/{seq:016x}}) is binary, so a 256 KiB payload
 * is stored as it is rather than as base64: version byte 1, then length-prefixed UTF-8 topic, content
 * type and publisher, the publish time as zigzag epoch seconds and varint nanoseconds, and last the
 * length-prefixed payload. The session and sequence are the key's. A head ({@code bh/{session}}) is the
 * last sequence as 8 big-endian bytes.
 */
final class BusCodec {
    private static final int VERSION = 1;

    private BusCodec() {}

    static byte[] encode(BusMessage m) {
        return new ByteWriter(m.payload().length + m.topic().length() + 64)
                .u8(VERSION)
                .string(m.topic())
                .string(m.contentType())
                .string(m.publisher())
                .zigzag(m.publishedAt().getEpochSecond())
                .varint(m.publishedAt().getNano())
                .bytes(m.payload())
                .toByteArray();
    }

    static BusMessage decode(SessionId session, long sequence, byte[] value) {
        try {
            ByteReader r = new ByteReader(value);
            int version = r.u8();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown bus row version " + version);
            }
            String topic = r.string();
            String contentType = r.string();
            String publisher = r.string();
            Instant at = Instant.ofEpochSecond(r.zigzag(), r.varint());
            byte[] payload = r.bytes();
            return new BusMessage(session, sequence, topic, payload, contentType, publisher, at);
        } catch (RuntimeException e) {
            throw new AfsException(
                    ErrorCode.DATA_LOSS,
                    "bus message " + sequence + " of session " + session + " is unreadable; run `afs-server fsck`",
                    e);
        }
    }

    static byte[] head(long sequence) {
        return ByteBuffer.allocate(8).putLong(sequence).array();
    }

    static long head(byte[] value) {
        return ByteBuffer.wrap(value).getLong();
    }
}

package io.aetherfs.fuse.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Converts file names between the kernel's NUL-terminated bytes and Java strings without loss: UTF-8, with
 * each byte that is not part of valid UTF-8 decoded as a lone surrogate U+DC80..U+DCFF and encoded back to
 * the same byte (Python's "surrogateescape").
 */
public final class Names {

    private static final int MAX = 1 << 16;

    private Names() {}

    /** Returns the string at {@code cString} (a pointer to NUL-terminated bytes). */
    public static String decode(MemorySegment cString) {
        MemorySegment s = cString.byteSize() < MAX ? cString.reinterpret(MAX) : cString;
        int n = 0;
        boolean ascii = true;
        for (byte b; (b = s.get(ValueLayout.JAVA_BYTE, n)) != 0; n++) {
            ascii &= b >= 0;
        }
        byte[] bytes = s.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        return ascii ? new String(bytes, StandardCharsets.ISO_8859_1) : decode(bytes);
    }

    /** Returns the string for {@code bytes}. */
    public static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return decodeEscaping(bytes);
        }
    }

    /** Returns the bytes of {@code name} (without a NUL). */
    public static byte[] encode(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 0xDC80 && c <= 0xDCFF && !(i > 0 && Character.isHighSurrogate(name.charAt(i - 1)))) {
                return encodeEscaped(name);
            }
        }
        return name.getBytes(StandardCharsets.UTF_8);
    }

    /** Returns {@code name} as a NUL-terminated string allocated from {@code allocator}. */
    public static MemorySegment toC(String name, SegmentAllocator allocator) {
        byte[] bytes = encode(name);
        MemorySegment s = allocator.allocate(bytes.length + 1L);
        MemorySegment.copy(bytes, 0, s, ValueLayout.JAVA_BYTE, 0, bytes.length);
        s.set(ValueLayout.JAVA_BYTE, bytes.length, (byte) 0);
        return s;
    }

    private static String decodeEscaping(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            int len = validSequence(bytes, i);
            if (len > 0) {
                out.append(new String(bytes, i, len, StandardCharsets.UTF_8));
                i += len;
            } else {
                out.append((char) (0xDC00 | (bytes[i] & 0xff)));
                i++;
            }
        }
        return out.toString();
    }

    /** Returns the length of the valid UTF-8 sequence at {@code i}, or 0. */
    private static int validSequence(byte[] b, int i) {
        int c = b[i] & 0xff;
        int len =
                c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (len <= 1 || i + len > b.length) {
            return len == 1 ? 1 : 0;
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, i, len));
            return len;
        } catch (CharacterCodingException e) {
            return 0;
        }
    }

    private static byte[] encodeEscaped(String name) {
        ByteBuffer out = ByteBuffer.allocate(name.length() * 4);
        int start = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean lone = c >= 0xDC80 && c <= 0xDCFF && !(i > 0 && Character.isHighSurrogate(name.charAt(i - 1)));
            if (lone) {
                out.put(StandardCharsets.UTF_8.encode(CharBuffer.wrap(name, start, i)));
                out.put((byte) (c & 0xff));
                start = i + 1;
            }
        }
        out.put(StandardCharsets.UTF_8.encode(CharBuffer.wrap(name, start, name.length())));
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }
}

package io.aetherfs.service.archive;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/** The path rules of the archive codecs: normalizing untrusted member names and checking names we are asked to write. */
final class EntryPaths {

    private EntryPaths() {}

    /**
     * Returns {@code raw} with a leading {@code ./}, {@code .} components, repeated and trailing slashes removed; the
     * empty string means the archive root.
     *
     * @throws ArchiveException {@link ArchiveException#UNSAFE_PATH} if {@code raw} is absolute, has a {@code ..}
     *     component or holds a NUL
     */
    static String normalize(String raw, String what) throws ArchiveException {
        requireText(raw, what);
        if (raw.startsWith("/")) {
            throw ArchiveException.unsafePath(what + " is absolute: " + raw);
        }
        StringJoiner out = new StringJoiner("/");
        for (String part : raw.split("/")) {
            switch (part) {
                case "", "." -> {}
                case ".." -> throw ArchiveException.unsafePath(what + " leaves the archive root with '..': " + raw);
                default -> out.add(part);
            }
        }
        return out.toString();
    }

    /**
     * Checks that a name or link target read from an archive holds no NUL, which no filesystem path can.
     *
     * @throws ArchiveException {@link ArchiveException#UNSAFE_PATH} for a NUL
     */
    static void requireText(String raw, String what) throws ArchiveException {
        if (raw.indexOf('\0') >= 0) {
            throw ArchiveException.unsafePath(what + " contains a NUL byte: " + raw.replace("\0", "\\0"));
        }
    }

    /**
     * Returns the raw bytes of a name as strict UTF-8.
     *
     * @throws ArchiveException {@link ArchiveException#INVALID} if they are not valid UTF-8
     */
    static String decodeUtf8(byte[] raw, String what) throws ArchiveException {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ArchiveException.invalid(
                    what + " is not valid UTF-8: " + new String(raw, StandardCharsets.UTF_8).replace('\uFFFD', '?'));
        }
    }

    /**
     * Checks that {@code path} is already in the normalized relative form {@link ArchiveEntry} documents.
     *
     * @throws IllegalArgumentException if it is empty, absolute, has a trailing slash, an empty, {@code .} or
     *     {@code ..} component, or a NUL
     */
    static void requireNormalized(String path, String what) {
        boolean bad = path.isEmpty() || path.indexOf('\0') >= 0;
        for (String part : path.split("/", -1)) {
            bad |= part.isEmpty() || part.equals(".") || part.equals("..");
        }
        if (bad) {
            throw new IllegalArgumentException(
                    what + " must be a normalized relative path without '.', '..' or empty components: '" + path + "'");
        }
    }
}

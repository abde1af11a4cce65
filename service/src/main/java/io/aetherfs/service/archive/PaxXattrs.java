package io.aetherfs.service.archive;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The pax-record conventions for extended attributes: {@code SCHILY.xattr.<name>} holding the raw value bytes (star,
 * GNU tar, libarchive) and {@code LIBARCHIVE.xattr.<url-encoded name>} holding the value in base64 (libarchive).
 *
 * <p>We write {@code SCHILY.xattr} with the exact value bytes, binary or not, as GNU tar does, so {@code tar --xattrs}
 * restores every value. Only a name containing {@code '='}, which cannot appear in a pax key, falls back to the
 * {@code LIBARCHIVE.xattr} form. When both forms name the same attribute, the base64 one wins, as in libarchive.
 */
final class PaxXattrs {

    static final String SCHILY = "SCHILY.xattr.";
    static final String LIBARCHIVE = "LIBARCHIVE.xattr.";

    private PaxXattrs() {}

    /** Adds one record per extended attribute to {@code out}. */
    static void write(SortedMap<String, byte[]> xattrs, PaxRecords out) {
        xattrs.forEach((name, value) -> {
            if (name.indexOf('=') < 0) {
                out.put(SCHILY + name, value);
            } else {
                out.put(LIBARCHIVE + urlEncode(name), Base64.getEncoder().encode(value));
            }
        });
    }

    /**
     * Returns the extended attributes an entry carries.
     *
     * @param decoded the entry's pax keys as commons-compress decoded them (global headers included), whose
     *     {@code SCHILY.xattr} values may have lost non-UTF-8 bytes
     * @param raw the entry's own pax records with exact value bytes, which take precedence
     * @throws ArchiveException {@link ArchiveException#INVALID} for a malformed {@code LIBARCHIVE.xattr} record
     */
    static SortedMap<String, byte[]> read(Map<String, String> decoded, PaxRecords raw) throws ArchiveException {
        TreeMap<String, byte[]> xattrs = new TreeMap<>();
        decoded.forEach((key, value) -> {
            if (key.startsWith(SCHILY) && key.length() > SCHILY.length()) {
                xattrs.put(key.substring(SCHILY.length()), value.getBytes(StandardCharsets.UTF_8));
            }
        });
        for (Map.Entry<String, byte[]> record : raw.asMap().entrySet()) {
            String key = record.getKey();
            if (key.startsWith(SCHILY) && key.length() > SCHILY.length()) {
                xattrs.put(key.substring(SCHILY.length()), record.getValue());
            }
        }
        for (Map.Entry<String, String> record : decoded.entrySet()) {
            String key = record.getKey();
            if (key.startsWith(LIBARCHIVE) && key.length() > LIBARCHIVE.length()) {
                String name = urlDecode(key.substring(LIBARCHIVE.length()));
                try {
                    xattrs.put(
                            name, Base64.getDecoder().decode(record.getValue().trim()));
                } catch (IllegalArgumentException e) {
                    throw ArchiveException.invalid("xattr " + name + " has a malformed base64 value");
                }
            }
        }
        return xattrs;
    }

    /** Returns {@code name} with control characters, space, non-ASCII, '%' and '=' percent-encoded, as libarchive does. */
    static String urlEncode(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c <= ' ' || c >= 0x7f || c == '%' || c == '=') {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
                out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }

    /** Returns the name {@link #urlEncode} produced, tolerating literal characters anywhere. */
    static String urlDecode(String encoded) throws ArchiveException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] in = encoded.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '%' && i + 2 < in.length) {
                int hi = Character.digit(in[i + 1], 16);
                int lo = Character.digit(in[i + 2], 16);
                if (hi >= 0 && lo >= 0) {
                    bytes.write(hi << 4 | lo);
                    i += 2;
                    continue;
                }
            }
            bytes.write(in[i]);
        }
        return EntryPaths.decodeUtf8(bytes.toByteArray(), "url-decoded xattr name " + encoded);
    }
}

package io.aetherfs.service.archive;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The records of one pax extended header ({@code "<length> <key>=<value>\n"}), with values kept as exact bytes.
 *
 * <p>commons-compress only reads and writes pax values as UTF-8 strings, which cannot carry binary xattr values, so
 * the tar codec encodes and decodes the header data itself with this class.
 */
final class PaxRecords {

    private final Map<String, byte[]> records = new LinkedHashMap<>();

    /** Sets {@code key} to the UTF-8 bytes of {@code value}, replacing an earlier value. */
    void put(String key, String value) {
        put(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Sets {@code key} to {@code value}, replacing an earlier value. */
    void put(String key, byte[] value) {
        if (key.isEmpty() || key.indexOf('=') >= 0) {
            throw new IllegalArgumentException("pax key must be non-empty and free of '=': " + key);
        }
        records.put(key, value);
    }

    /** Returns the value of {@code key}, or null. */
    byte[] get(String key) {
        return records.get(key);
    }

    /** Returns the records in the order they were put or read; later duplicates have replaced earlier ones. */
    Map<String, byte[]> asMap() {
        return Collections.unmodifiableMap(records);
    }

    boolean isEmpty() {
        return records.isEmpty();
    }

    /** Returns the header data: each record prefixed by its own decimal length, the prefix included. */
    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        records.forEach((key, value) -> {
            byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
            int rest = 1 + keyBytes.length + 1 + value.length + 1; // ' ', key, '=', value, '\n'
            int length = rest + Integer.toString(rest).length();
            if (Integer.toString(length).length() != length - rest) {
                length = rest + Integer.toString(length).length(); // the prefix gained a digit
            }
            out.writeBytes(Integer.toString(length).getBytes(StandardCharsets.US_ASCII));
            out.write(' ');
            out.writeBytes(keyBytes);
            out.write('=');
            out.writeBytes(value);
            out.write('\n');
        });
        return out.toByteArray();
    }

    /**
     * Returns the records in {@code data}; trailing NUL padding, which some writers add, ends the data.
     *
     * @throws ArchiveException {@link ArchiveException#INVALID} if a record is malformed
     */
    static PaxRecords decode(byte[] data) throws ArchiveException {
        PaxRecords result = new PaxRecords();
        int pos = 0;
        while (pos < data.length && data[pos] != 0) {
            int space = pos;
            long length = 0;
            while (space < data.length && data[space] >= '0' && data[space] <= '9' && length < Integer.MAX_VALUE) {
                length = length * 10 + (data[space++] - '0');
            }
            long end = pos + length;
            if (space == pos || space >= data.length || data[space] != ' ' || end > data.length || end <= space + 2) {
                throw ArchiveException.invalid("malformed pax header record at offset " + pos);
            }
            int equals = space + 1;
            while (equals < end && data[equals] != '=') {
                equals++;
            }
            if (equals >= end - 1 || equals == space + 1 || data[(int) end - 1] != '\n') {
                throw ArchiveException.invalid("malformed pax header record at offset " + pos);
            }
            String key = new String(data, space + 1, equals - space - 1, StandardCharsets.UTF_8);
            byte[] value = Arrays.copyOfRange(data, equals + 1, (int) end - 1);
            result.records.put(key, value);
            pos = (int) end;
        }
        return result;
    }
}

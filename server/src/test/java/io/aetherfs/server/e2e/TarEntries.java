package io.aetherfs.server.e2e;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A deliberately small, independent tar.gz reader for checking exports: ustar headers (with the
 * {@code prefix} field), PAX extended headers ({@code path}, {@code size}) and GNU long names. It
 * returns regular files only; any other entry type is skipped, and a malformed archive fails.
 */
final class TarEntries {
    private static final int BLOCK = 512;

    private TarEntries() {}

    /** Returns path → content of every regular file in a gzip-compressed tar, in archive order. */
    static Map<String, byte[]> files(byte[] tarGz) throws IOException {
        byte[] tar;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(tarGz))) {
            tar = in.readAllBytes();
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        String longName = null;
        Long paxSize = null;
        int pos = 0;
        while (pos + BLOCK <= tar.length) {
            byte[] h = Arrays.copyOfRange(tar, pos, pos + BLOCK);
            if (isZero(h)) {
                return files; // end-of-archive marker
            }
            checkChecksum(h, pos);
            char type = (char) h[156];
            long size = paxSize != null ? paxSize : octal(h, 124, 12);
            int dataStart = pos + BLOCK;
            if (dataStart + size > tar.length) {
                throw new IOException("entry at " + pos + " runs past the end of the archive");
            }
            byte[] data = Arrays.copyOfRange(tar, dataStart, (int) (dataStart + size));
            pos = dataStart + (int) ((size + BLOCK - 1) / BLOCK * BLOCK);
            switch (type) {
                case 'x' -> {
                    Map<String, String> pax = pax(data);
                    longName = pax.getOrDefault("path", longName);
                    paxSize = pax.containsKey("size") ? Long.parseLong(pax.get("size")) : null;
                    continue;
                }
                case 'g' -> {
                    continue;
                }
                case 'L' -> {
                    longName = cString(data, 0, data.length);
                    continue;
                }
                case '0', '\0' -> {
                    String name = longName != null ? longName : ustarName(h);
                    files.put(name, data);
                }
                default -> {
                    // directories, symlinks, hard links: not compared here
                }
            }
            longName = null;
            paxSize = null;
        }
        throw new IOException("archive ends without the end-of-archive marker");
    }

    private static String ustarName(byte[] h) {
        String name = cString(h, 0, 100);
        String magic = cString(h, 257, 6);
        String prefix = magic.startsWith("ustar") ? cString(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static Map<String, String> pax(byte[] data) throws IOException {
        Map<String, String> records = new LinkedHashMap<>();
        int i = 0;
        while (i < data.length) {
            int space = indexOf(data, (byte) ' ', i);
            if (space < 0) {
                throw new IOException("malformed PAX record");
            }
            int len = Integer.parseInt(new String(data, i, space - i, StandardCharsets.US_ASCII));
            String kv = new String(data, space + 1, len - (space - i) - 2, StandardCharsets.UTF_8);
            int eq = kv.indexOf('=');
            records.put(kv.substring(0, eq), kv.substring(eq + 1));
            i += len;
        }
        return records;
    }

    private static void checkChecksum(byte[] h, int pos) throws IOException {
        long expected = octal(h, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        }
        if (sum != expected) {
            throw new IOException("bad header checksum at offset " + pos);
        }
    }

    private static long octal(byte[] h, int off, int len) {
        String s = cString(h, off, len).trim();
        return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] b, byte v, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isZero(byte[] h) {
        for (byte x : h) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}

package io.aetherfs.server.e2e.history;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A deliberately small tar codec of its own, independent of the server's: writes ustar archives of
 * regular files (for tarball sync) and reads exports back into a model tree (ustar names with their
 * prefix, PAX {@code path} and {@code size} records, GNU long names; regular files and directories).
 */
final class Tar {
    private static final int BLOCK = 512;

    private Tar() {}

    /** Returns a tar of {@code files} (path → bytes), mode 0644, in map order. */
    static byte[] write(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        files.forEach((path, data) -> {
            byte[] h = new byte[BLOCK];
            put(h, 0, 100, path.getBytes(StandardCharsets.UTF_8));
            put(h, 100, 8, "0000644\0".getBytes(StandardCharsets.US_ASCII));
            put(h, 108, 8, "0000000\0".getBytes(StandardCharsets.US_ASCII));
            put(h, 116, 8, "0000000\0".getBytes(StandardCharsets.US_ASCII));
            put(h, 124, 12, "%011o\0".formatted(data.length).getBytes(StandardCharsets.US_ASCII));
            put(h, 136, 12, "%011o\0".formatted(1_700_000_000L).getBytes(StandardCharsets.US_ASCII));
            Arrays.fill(h, 148, 156, (byte) ' ');
            h[156] = '0';
            put(h, 257, 8, "ustar\u000000".getBytes(StandardCharsets.US_ASCII));
            int sum = 0;
            for (byte x : h) {
                sum += x & 0xff;
            }
            put(h, 148, 8, "%06o\0 ".formatted(sum).getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(h);
            out.writeBytes(data);
            out.writeBytes(new byte[(BLOCK - data.length % BLOCK) % BLOCK]);
        });
        out.writeBytes(new byte[2 * BLOCK]);
        return out.toByteArray();
    }

    /** Returns the regular files (with their bytes) and directories of an uncompressed tar as a tree. */
    static Tree read(byte[] tar) {
        Map<String, Tree.Node> nodes = new LinkedHashMap<>();
        String longName = null;
        Long paxSize = null;
        int pos = 0;
        while (pos + BLOCK <= tar.length) {
            byte[] h = Arrays.copyOfRange(tar, pos, pos + BLOCK);
            if (isZero(h)) {
                break;
            }
            char type = (char) h[156];
            long size = paxSize != null ? paxSize : octal(h, 124, 12);
            int data = pos + BLOCK;
            byte[] body = Arrays.copyOfRange(tar, data, (int) (data + size));
            pos = data + (int) ((size + BLOCK - 1) / BLOCK * BLOCK);
            switch (type) {
                case 'x' -> {
                    Map<String, String> pax = pax(body);
                    longName = pax.getOrDefault("path", null);
                    paxSize = pax.containsKey("size") ? Long.parseLong(pax.get("size")) : null;
                    continue;
                }
                case 'L' -> {
                    longName = cstring(body, 0, body.length);
                    continue;
                }
                case 'g' -> {
                    continue;
                }
                default -> {}
            }
            String name = longName != null ? longName : name(h);
            longName = null;
            paxSize = null;
            name = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
            name = name.startsWith("./") ? name.substring(2) : name;
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (type == '5') {
                nodes.put(name, Tree.DIR);
            } else if (type == '0' || type == '\0') {
                nodes.put(name, Tree.File.of(body));
            }
        }
        return Tree.of(nodes);
    }

    private static String name(byte[] h) {
        String name = cstring(h, 0, 100);
        String prefix =
                new String(h, 257, 6, StandardCharsets.US_ASCII).startsWith("ustar") ? cstring(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static Map<String, String> pax(byte[] body) {
        Map<String, String> m = new LinkedHashMap<>();
        int i = 0;
        while (i < body.length) {
            int sp = i;
            while (body[sp] != ' ') {
                sp++;
            }
            int len = Integer.parseInt(new String(body, i, sp - i, StandardCharsets.US_ASCII));
            String rec = new String(body, sp + 1, len - (sp - i) - 2, StandardCharsets.UTF_8);
            int eq = rec.indexOf('=');
            m.put(rec.substring(0, eq), rec.substring(eq + 1));
            i += len;
        }
        return m;
    }

    private static String cstring(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] b, int off, int len) {
        String s = cstring(b, off, len).trim();
        return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    }

    private static boolean isZero(byte[] h) {
        for (byte x : h) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static void put(byte[] h, int off, int len, byte[] v) {
        System.arraycopy(v, 0, h, off, Math.min(len, v.length));
    }
}

package io.aetherfs.service.archive;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

/** The file tree the archive tests write and read back: every entry type, long and non-ASCII names, odd modes. */
final class SampleTree {

    static final Instant T0 = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);
    static final String LONG_CHAIN = "long/"
            + "segment-%02d-xyz/".repeat(12).formatted((Object[]) new Integer[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
            + "leaf.txt";
    static final String LONG_COMPONENT = "long/" + "n".repeat(150);
    static final byte[] BINARY_XATTR = {0, (byte) 0xff, (byte) 0xfe, (byte) 0x80, '\n', '=', 1, 0};
    static final long NULL_DEVICE = new DeviceNumber(1, 3).rdev();
    static final long BIG_DEVICE = new DeviceNumber(300, 70_000).rdev();

    /** One entry and its content (empty for types without content). */
    record Item(ArchiveEntry entry, byte[] content) {}

    private SampleTree() {}

    /** Returns the tree in parent-before-child order; {@code special} adds FIFO, devices and a socket. */
    static List<Item> items(boolean special) {
        List<Item> items = new ArrayList<>();
        items.add(dir("a", 0755, 0));
        items.add(dir("a/b", 0750, 1));
        items.add(dir("a/b/c", 0700, 2));
        items.add(dir("long", 0755, 3));
        items.add(file("a/empty.txt", 0600, new byte[0], null));
        items.add(file("a/b/random.bin", 04755, random(5 << 20), null));
        SortedMap<String, byte[]> xattrs = new TreeMap<>();
        xattrs.put("user.text", "héllo wörld ✓".getBytes(UTF_8));
        xattrs.put("user.binary", BINARY_XATTR);
        items.add(new Item(
                new ArchiveEntry(
                        "a/small.txt",
                        ArchiveEntryType.FILE,
                        0644,
                        3_000_000,
                        2_500_000,
                        T0.plusNanos(7),
                        6,
                        null,
                        0,
                        xattrs),
                "hello\n".getBytes(UTF_8)));
        items.add(file("a/ünïcødé 名前.txt", 0644, "unicode\n".getBytes(UTF_8), null));
        items.add(file(LONG_CHAIN, 0644, "deep\n".getBytes(UTF_8), null));
        items.add(file(LONG_COMPONENT, 0640, "wide\n".getBytes(UTF_8), null));
        items.add(link(ArchiveEntryType.SYMLINK, "a/abs-link", "/etc/passwd", 0));
        items.add(link(ArchiveEntryType.SYMLINK, "a/rel-link", "../a/small.txt", 0));
        items.add(link(ArchiveEntryType.HARD_LINK, "a/hard-link", "a/small.txt", 6));
        if (special) {
            items.add(node("a/fifo", ArchiveEntryType.FIFO, 0640, 0));
            items.add(node("a/null", ArchiveEntryType.CHAR_DEVICE, 0666, NULL_DEVICE));
            items.add(node("a/big-dev", ArchiveEntryType.BLOCK_DEVICE, 0660, BIG_DEVICE));
            items.add(node("a/sock", ArchiveEntryType.SOCKET, 0755, 0));
        }
        return items;
    }

    /** Returns {@code items} written as {@code format}, asserting nothing; {@code skipped} receives the skip count. */
    static byte[] write(ArchiveFormat format, List<Item> items, long[] skipped) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArchiveWriter writer = ArchiveWriter.open(format, out)) {
            Map<String, byte[]> contents = new LinkedHashMap<>();
            for (Item item : items) {
                contents.put(item.entry().path(), item.content());
                byte[] content = item.entry().type() == ArchiveEntryType.HARD_LINK
                        ? contents.get(item.entry().linkTarget())
                        : item.content();
                writer.add(item.entry(), () -> new ByteArrayInputStream(content));
            }
            writer.finish();
            if (skipped != null) {
                skipped[0] = writer.skipped();
            }
        }
        return out.toByteArray();
    }

    /** Returns every entry {@code reader} yields, with the content of files, by path. */
    static Map<String, Item> readAll(ArchiveReader reader) throws IOException {
        Map<String, Item> result = new LinkedHashMap<>();
        for (ArchiveEntry entry; (entry = reader.next()) != null; ) {
            byte[] content = new byte[0];
            if (entry.type() == ArchiveEntryType.FILE) {
                try (InputStream in = reader.content()) {
                    content = in.readAllBytes();
                }
            }
            result.put(entry.path(), new Item(entry, content));
        }
        return result;
    }

    static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    private static Item dir(String path, int mode, int second) {
        return new Item(
                new ArchiveEntry(
                        path, ArchiveEntryType.DIRECTORY, mode, 1000, 1000, T0.plusSeconds(second), 0, null, 0, null),
                new byte[0]);
    }

    private static Item file(String path, int mode, byte[] content, SortedMap<String, byte[]> xattrs) {
        return new Item(
                new ArchiveEntry(
                        path,
                        ArchiveEntryType.FILE,
                        mode,
                        1000,
                        100,
                        T0.plusMillis(content.length % 1000).plusNanos(987),
                        content.length,
                        null,
                        0,
                        xattrs),
                content);
    }

    private static Item link(ArchiveEntryType type, String path, String target, long size) {
        int mode = type == ArchiveEntryType.SYMLINK ? 0777 : 0644;
        return new Item(new ArchiveEntry(path, type, mode, 1000, 100, T0, size, target, 0, null), new byte[0]);
    }

    private static Item node(String path, ArchiveEntryType type, int mode, long rdev) {
        return new Item(new ArchiveEntry(path, type, mode, 0, 6, T0, 0, null, rdev, null), new byte[0]);
    }
}

package io.aetherfs.core.merge;

import java.util.Arrays;

/**
 * Hash table that maps byte-exact lines to dense int ids, so the line merge diffs ints instead of byte ranges.
 *
 * <p>Open addressing with linear probing over a power-of-two slot array; each id remembers one occurrence of its
 * line (array, start, end) to compare against. Lines are never copied. Not thread-safe.
 */
final class LineInterner {

    private int[] slots = new int[64]; // id + 1, or 0 for an empty slot
    private int[] hashes = new int[16];
    private byte[][] sources = new byte[16][];
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private int size;

    /** Returns the number of distinct lines interned so far; ids are {@code 0 .. size() - 1}. */
    int size() {
        return size;
    }

    /** Returns the id of the line {@code data[start, end)}, assigning the next free id when the line is new. */
    int intern(byte[] data, int start, int end) {
        int hash = hash(data, start, end);
        int mask = slots.length - 1;
        for (int slot = mix(hash) & mask; ; slot = (slot + 1) & mask) {
            int entry = slots[slot];
            if (entry == 0) {
                return add(slot, hash, data, start, end);
            }
            int id = entry - 1;
            if (hashes[id] == hash && Arrays.equals(sources[id], starts[id], ends[id], data, start, end)) {
                return id;
            }
        }
    }

    /** Stores a new line in {@code slot} and returns its id, growing the tables when they get half full. */
    private int add(int slot, int hash, byte[] data, int start, int end) {
        int id = size++;
        if (id == hashes.length) {
            int capacity = id * 2;
            hashes = Arrays.copyOf(hashes, capacity);
            sources = Arrays.copyOf(sources, capacity);
            starts = Arrays.copyOf(starts, capacity);
            ends = Arrays.copyOf(ends, capacity);
        }
        hashes[id] = hash;
        sources[id] = data;
        starts[id] = start;
        ends[id] = end;
        slots[slot] = id + 1;
        if (size * 2 > slots.length) {
            rehash(slots.length * 2);
        }
        return id;
    }

    /** Rebuilds the slot array with {@code capacity} slots. */
    private void rehash(int capacity) {
        slots = new int[capacity];
        int mask = capacity - 1;
        for (int id = 0; id < size; id++) {
            int slot = mix(hashes[id]) & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = id + 1;
        }
    }

    /** Returns a polynomial hash of {@code data[start, end)}. */
    private static int hash(byte[] data, int start, int end) {
        int h = 1;
        for (int i = start; i < end; i++) {
            h = 31 * h + data[i];
        }
        return h;
    }

    /** Returns {@code h} with its bits spread, so that similar lines do not cluster in neighbouring slots. */
    private static int mix(int h) {
        int x = h * 0x9E3779B9;
        return x ^ (x >>> 16);
    }
}

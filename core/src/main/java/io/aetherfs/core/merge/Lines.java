package io.aetherfs.core.merge;

import java.io.ByteArrayOutputStream;

/**
 * One version of a file cut into lines for the line merge: the original bytes, where each line starts, and each
 * line's interned id.
 *
 * <p>A line ends just after a {@code '\n'}, so the terminator (LF or CRLF) belongs to the line, and a last line
 * without a newline is a line of its own. Concatenating the lines gives back the input exactly.
 */
final class Lines {

    private final byte[] data;
    private final int[] starts; // starts[i] is where line i begins; starts[size()] == data.length
    private final int[] ids;

    private Lines(byte[] data, int[] starts, int[] ids) {
        this.data = data;
        this.starts = starts;
        this.ids = ids;
    }

    /** Splits {@code data} into lines and interns each one with {@code interner}; the array is not copied. */
    static Lines split(byte[] data, LineInterner interner) {
        int count = 0;
        for (byte b : data) {
            if (b == '\n') {
                count++;
            }
        }
        if (data.length > 0 && data[data.length - 1] != '\n') {
            count++;
        }
        int[] starts = new int[count + 1];
        int[] ids = new int[count];
        int line = 0;
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == '\n' || i == data.length - 1) {
                starts[line] = start;
                ids[line] = interner.intern(data, start, i + 1);
                line++;
                start = i + 1;
            }
        }
        starts[count] = data.length;
        return new Lines(data, starts, ids);
    }

    /** Returns the number of lines. */
    int size() {
        return ids.length;
    }

    /** Returns the interned id of every line, in order; callers must not modify the array. */
    int[] ids() {
        return ids;
    }

    /** Returns the interned id of line {@code index}. */
    int id(int index) {
        return ids[index];
    }

    /** Writes lines {@code [from, to)} to {@code out} as one contiguous byte range. */
    void writeTo(ByteArrayOutputStream out, int from, int to) {
        out.write(data, starts[from], starts[to] - starts[from]);
    }
}

package io.aetherfs.server.http;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A single byte range of a {@code Range: bytes=…} header (RFC 9110 §14), resolved against the size of
 * the representation: {@code a-b}, {@code a-} and the suffix form {@code -n}. A header this class cannot
 * use (another unit, several ranges, bad syntax) is ignored, so the whole content is sent, as RFC 9110
 * allows. A well-formed range that starts at or after the end is unsatisfiable (416).
 *
 * @param offset the first byte
 * @param length the number of bytes (≥ 1)
 */
record ByteRange(long offset, long length) {
    private static final Pattern SINGLE = Pattern.compile("bytes=\\s*(\\d*)-(\\d*)\\s*");

    /** What a Range header asks of a representation. */
    sealed interface Outcome {}

    /** No usable Range: send everything. */
    record Whole() implements Outcome {}

    /** Send this part (206). */
    record Part(ByteRange range) implements Outcome {}

    /** The range lies outside the representation (416). */
    record Unsatisfiable() implements Outcome {}

    /** Returns what {@code header} asks of content of {@code size} bytes. */
    static Outcome of(String header, long size) {
        Optional<Matcher> m = Optional.ofNullable(header).map(SINGLE::matcher).filter(Matcher::matches);
        if (m.isEmpty() || (m.get().group(1).isEmpty() && m.get().group(2).isEmpty())) {
            return new Whole();
        }
        String first = m.get().group(1);
        String last = m.get().group(2);
        try {
            if (first.isEmpty()) {
                long suffix = Long.parseLong(last);
                return suffix == 0 || size == 0
                        ? new Unsatisfiable()
                        : new Part(new ByteRange(size - Math.min(suffix, size), Math.min(suffix, size)));
            }
            long start = Long.parseLong(first);
            long end = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
            if (!last.isEmpty() && Long.parseLong(last) < start) {
                return new Whole(); // syntactically invalid: ignored
            }
            return start >= size ? new Unsatisfiable() : new Part(new ByteRange(start, end - start + 1));
        } catch (NumberFormatException tooLong) {
            return new Whole();
        }
    }

    /** Returns the {@code Content-Range} value of this range of {@code size} bytes. */
    String contentRange(long size) {
        return "bytes " + offset + "-" + (offset + length - 1) + "/" + size;
    }
}

package io.aetherfs.core.model;

import io.aetherfs.core.error.AfsException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A validated session-relative path: '/'-separated components, no leading '/', the root is "".
 * Components are non-empty, not "." or "..", at most 255 UTF-8 bytes and free of NUL; the whole
 * path is at most 4096 bytes. Case-sensitive and never normalized beyond stripping one leading '/'.
 */
public final class FsPath implements Comparable<FsPath> {
    public static final int MAX_PATH_BYTES = 4096;
    public static final int MAX_COMPONENT_BYTES = 255;
    public static final FsPath ROOT = new FsPath("", List.of());

    private final String value;
    private final List<String> components;

    private FsPath(String value, List<String> components) {
        this.value = value;
        this.components = components;
    }

    /**
     * Returns the path named by {@code raw}; a leading '/' is optional and "" or "/" is the root.
     * Throws INVALID_ARGUMENT naming the problem otherwise.
     */
    public static FsPath parse(String raw) {
        if (raw == null) {
            throw AfsException.invalid("path is required");
        }
        String s = raw.startsWith("/") ? raw.substring(1) : raw;
        if (s.isEmpty()) {
            return ROOT;
        }
        int bytes = utf8Length(s, raw);
        if (bytes > MAX_PATH_BYTES) {
            throw AfsException.invalid("path is longer than " + MAX_PATH_BYTES + " bytes");
        }
        List<String> parts = new ArrayList<>();
        int start = 0;
        while (true) {
            int slash = s.indexOf('/', start);
            String c = slash < 0 ? s.substring(start) : s.substring(start, slash);
            parts.add(checkComponent(c, raw));
            if (slash < 0) {
                break;
            }
            start = slash + 1;
        }
        return new FsPath(s, Collections.unmodifiableList(parts));
    }

    /** Returns {@code name} if it is a valid single path component, else throws INVALID_ARGUMENT. */
    public static String checkComponent(String name, String pathForMessage) {
        if (name.isEmpty()) {
            throw AfsException.invalid(
                    "path " + quote(pathForMessage) + " has an empty component (\"//\" or a trailing \"/\")");
        }
        if (name.equals(".") || name.equals("..")) {
            throw AfsException.invalid(
                    "path " + quote(pathForMessage) + " has a \"" + name + "\" component; paths must be normalized");
        }
        if (name.indexOf('\0') >= 0) {
            throw AfsException.invalid("path has a NUL character");
        }
        if (name.indexOf('/') >= 0) {
            throw AfsException.invalid("name " + quote(name) + " contains '/'");
        }
        if (utf8Length(name, pathForMessage) > MAX_COMPONENT_BYTES) {
            throw AfsException.invalid("a component of path " + quote(pathForMessage) + " is longer than "
                    + MAX_COMPONENT_BYTES + " bytes");
        }
        return name;
    }

    private static int utf8Length(String s, String pathForMessage) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(s));
            return b.remaining();
        } catch (CharacterCodingException e) {
            throw AfsException.invalid("path is not valid UTF-8 (unpaired surrogate)");
        }
    }

    /** Returns whether this is the root. */
    public boolean isRoot() {
        return components.isEmpty();
    }

    /** Returns the components, root first. */
    public List<String> components() {
        return components;
    }

    /** Returns the number of components. */
    public int depth() {
        return components.size();
    }

    /** Returns the last component; "" for the root. */
    public String name() {
        return isRoot() ? "" : components.getLast();
    }

    /** Returns the parent path; the root's parent is the root. */
    public FsPath parent() {
        if (components.size() <= 1) {
            return ROOT;
        }
        return new FsPath(value.substring(0, value.lastIndexOf('/')), components.subList(0, components.size() - 1));
    }

    /** Returns this path with {@code name} appended (validated). */
    public FsPath child(String name) {
        checkComponent(name, name);
        String v = isRoot() ? name : value + "/" + name;
        List<String> c = new ArrayList<>(components);
        c.add(name);
        if (v.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw AfsException.invalid("path is longer than " + MAX_PATH_BYTES + " bytes");
        }
        return new FsPath(v, Collections.unmodifiableList(c));
    }

    /** Returns whether {@code this} equals {@code ancestor} or lies below it, by whole components. */
    public boolean startsWith(FsPath ancestor) {
        if (ancestor.isRoot()) {
            return true;
        }
        return value.equals(ancestor.value)
                || (value.startsWith(ancestor.value) && value.charAt(ancestor.value.length()) == '/');
    }

    /** Returns this path with the {@code from} prefix replaced by {@code to}; requires startsWith(from). */
    public FsPath rebase(FsPath from, FsPath to) {
        if (!startsWith(from)) {
            throw new IllegalArgumentException(this + " is not under " + from);
        }
        String rest = value.substring(from.value.length());
        if (rest.startsWith("/")) {
            rest = rest.substring(1);
        }
        if (rest.isEmpty()) {
            return to;
        }
        return parse(to.isRoot() ? rest : to.value + "/" + rest);
    }

    /** Returns the path as written in APIs: no leading '/', "" for the root. */
    public String value() {
        return value;
    }

    /** Compares component-wise by UTF-8 byte order, so a directory sorts right before its children. */
    @Override
    public int compareTo(FsPath o) {
        int n = Math.min(components.size(), o.components.size());
        for (int i = 0; i < n; i++) {
            int c = Names.compare(components.get(i), o.components.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(components.size(), o.components.size());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FsPath p && value.equals(p.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }

    private static String quote(String s) {
        String t = s.length() > 100 ? s.substring(0, 100) + "…" : s;
        return "\"" + t.replace("\0", "\\0") + "\"";
    }
}

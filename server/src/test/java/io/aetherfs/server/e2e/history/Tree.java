package io.aetherfs.server.e2e.history;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The checker's model of one session tree: an immutable map from path to {@link Node} (files with
 * their content hash, and bytes when the model knows them; directories), with the canonical tree
 * hashes and fingerprint of spec §6.1 computed the way the server must compute them (files 0644,
 * directories 0755, no xattrs: the only modes the recorded workload creates).
 */
public final class Tree {
    /** The empty tree (a root directory with nothing in it). */
    public static final Tree EMPTY = new Tree(new TreeMap<>());

    private static final String FILE_MODE = "0644";
    private static final String DIR_MODE = "0755";

    private final TreeMap<String, Node> entries;
    private Map<String, String> dirHashes;

    private Tree(TreeMap<String, Node> entries) {
        this.entries = entries;
    }

    /** One entry: a regular file or a directory. */
    public sealed interface Node permits File, Dir {}

    /** A regular file: its SHA-256 content hash, and its bytes when known (null after a line merge). */
    public record File(String hash, byte[] bytes) implements Node {
        public static File of(byte[] bytes) {
            return new File(sha256(bytes), bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof File f && f.hash.equals(hash);
        }

        @Override
        public int hashCode() {
            return hash.hashCode();
        }

        @Override
        public String toString() {
            return "file:" + hash.substring(0, 12);
        }
    }

    /** A directory (its children are the entries below its path). */
    public record Dir() implements Node {
        @Override
        public String toString() {
            return "dir";
        }
    }

    public static final Dir DIR = new Dir();

    /** Returns a tree of the given files and directories (parents of files are added as directories). */
    public static Tree of(Map<String, Node> nodes) {
        TreeMap<String, Node> m = new TreeMap<>();
        nodes.forEach((p, n) -> {
            m.put(p, n);
            for (String q = parent(p); !q.isEmpty(); q = parent(q)) {
                m.putIfAbsent(q, DIR);
            }
        });
        return new Tree(m);
    }

    /** Returns the tree a manifest lists: files (by content hash) and directories. */
    public static Tree fromManifest(Iterable<com.fasterxml.jackson.databind.JsonNode> entries) {
        Map<String, Node> m = new LinkedHashMap<>();
        for (com.fasterxml.jackson.databind.JsonNode e : entries) {
            String type = e.path("type").asText();
            String path = e.path("path").asText();
            if (type.equals("ENTRY_TYPE_DIRECTORY")) {
                m.put(path, DIR);
            } else {
                m.put(path, new File(e.path("contentHash").asText(), null));
            }
        }
        return of(m);
    }

    public Node get(String path) {
        return entries.get(path);
    }

    public boolean exists(String path) {
        return path.isEmpty() || entries.containsKey(path);
    }

    public boolean isDir(String path) {
        return path.isEmpty() || entries.get(path) instanceof Dir;
    }

    public boolean isFile(String path) {
        return entries.get(path) instanceof File;
    }

    /** Returns the content hash of a file, or "" when the path holds no file. */
    public String fileHash(String path) {
        return entries.get(path) instanceof File f ? f.hash() : "";
    }

    /** Returns every entry, in path order. */
    public SortedMap<String, Node> entries() {
        return java.util.Collections.unmodifiableSortedMap(entries);
    }

    /** Returns the entries strictly below {@code dir} ("" for the root). */
    public SortedMap<String, Node> below(String dir) {
        if (dir.isEmpty()) {
            return entries();
        }
        return java.util.Collections.unmodifiableSortedMap(entries.subMap(dir + "/", dir + "0"));
    }

    /** Returns the names of the direct children of {@code dir}. */
    public List<String> children(String dir) {
        List<String> out = new ArrayList<>();
        for (String p : below(dir).keySet()) {
            String rest = dir.isEmpty() ? p : p.substring(dir.length() + 1);
            if (rest.indexOf('/') < 0) {
                out.add(rest);
            }
        }
        return out;
    }

    /** Returns the tree with {@code node} at {@code path}, creating missing parent directories. */
    public Tree with(String path, Node node) {
        TreeMap<String, Node> m = new TreeMap<>(entries);
        if (node instanceof File) {
            m.keySet().removeAll(below(path).keySet());
        }
        m.put(path, node);
        for (String q = parent(path); !q.isEmpty(); q = parent(q)) {
            m.putIfAbsent(q, DIR);
        }
        return new Tree(m);
    }

    /** Returns the tree without {@code path} and everything below it. */
    public Tree without(String path) {
        if (!entries.containsKey(path)) {
            return this;
        }
        TreeMap<String, Node> m = new TreeMap<>(entries);
        m.remove(path);
        m.keySet().removeAll(below(path).keySet());
        return new Tree(m);
    }

    /** Returns the tree with the subtree at {@code from} moved to {@code to} (replacing what was there). */
    public Tree move(String from, String to) {
        if (from.equals(to)) {
            return this;
        }
        Node n = entries.get(from);
        SortedMap<String, Node> sub = below(from);
        Tree t = without(to).without(from);
        TreeMap<String, Node> m = new TreeMap<>(t.entries);
        m.put(to, n);
        sub.forEach((p, x) -> m.put(to + p.substring(from.length()), x));
        return new Tree(m);
    }

    /** Returns the subtree at {@code dir} as a tree of its own (paths relative to it). */
    public Tree subtree(String dir) {
        TreeMap<String, Node> m = new TreeMap<>();
        int cut = dir.isEmpty() ? 0 : dir.length() + 1;
        below(dir).forEach((p, n) -> m.put(p.substring(cut), n));
        return new Tree(m);
    }

    /** Returns the spec's canonical hash of the entry at {@code path} ("" for the root); "" when absent. */
    public String hash(String path) {
        Node n = path.isEmpty() ? DIR : entries.get(path);
        return switch (n) {
            case null -> "";
            case File f -> sha256(("F\0" + FILE_MODE + "\0" + f.hash() + "\0").getBytes(StandardCharsets.UTF_8));
            case Dir d -> dirHashes().get(path);
        };
    }

    /** Returns the session fingerprint of this tree: the first 40 hex digits of the root's tree hash. */
    public String fingerprint() {
        return hash("").substring(0, 40);
    }

    private synchronized Map<String, String> dirHashes() {
        if (dirHashes == null) {
            Map<String, String> h = new LinkedHashMap<>();
            computeDir("", h);
            dirHashes = h;
        }
        return dirHashes;
    }

    private String computeDir(String dir, Map<String, String> out) {
        TreeMap<byte[], String> kids = new TreeMap<>(java.util.Arrays::compareUnsigned);
        for (String name : children(dir)) {
            String p = dir.isEmpty() ? name : dir + "/" + name;
            String h = entries.get(p) instanceof Dir ? computeDir(p, out) : hash(p);
            kids.put(name.getBytes(StandardCharsets.UTF_8), h);
        }
        StringBuilder sb = new StringBuilder("D\0" + DIR_MODE + "\0");
        kids.forEach((name, h) -> sb.append(new String(name, StandardCharsets.UTF_8))
                .append('\0')
                .append(h)
                .append('\n'));
        String hash = sha256(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.put(dir, hash);
        return hash;
    }

    /** Returns path → content hash of every file. */
    public Map<String, String> files() {
        Map<String, String> out = new TreeMap<>();
        entries.forEach((p, n) -> {
            if (n instanceof File f) {
                out.put(p, f.hash());
            }
        });
        return out;
    }

    /** Returns a one-line listing for reports: {@code path=hash12 …, dir/}. */
    public String describe() {
        StringBuilder sb = new StringBuilder("{");
        entries.forEach((p, n) -> {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(n instanceof File f ? p + "=" + f.hash().substring(0, 8) : p + "/");
        });
        return sb.append("}").toString();
    }

    /** Returns the differences to {@code other} for reports: paths whose entries differ. */
    public String differences(Tree other) {
        StringBuilder sb = new StringBuilder();
        TreeMap<String, Node> all = new TreeMap<>(entries);
        all.putAll(other.entries);
        for (String p : all.keySet()) {
            Node a = entries.get(p);
            Node b = other.entries.get(p);
            if (!Objects.equals(a, b)) {
                sb.append(sb.isEmpty() ? "" : "; ")
                        .append(p)
                        .append(": ")
                        .append(a)
                        .append(" vs ")
                        .append(b);
            }
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tree t && t.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Returns the parent path of {@code path} ("" for a top-level name). */
    public static String parent(String path) {
        int i = path.lastIndexOf('/');
        return i < 0 ? "" : path.substring(0, i);
    }

    /** Returns the lowercase hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

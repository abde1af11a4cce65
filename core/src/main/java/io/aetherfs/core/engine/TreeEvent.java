package io.aetherfs.core.engine;

import io.aetherfs.core.model.EventType;
import io.aetherfs.core.tree.Content;
import io.aetherfs.core.tree.Entry;
import io.aetherfs.core.tree.TreeOp;
import java.util.HashMap;
import java.util.Map;

/**
 * The event a tree write appends to its session's log in the same change: {@link ChangeContext#apply}
 * derives it from the op ({@link #of}), the one mapping from tree ops to file events; whole-tree writes
 * ({@link ChangeContext#replaceTree}) are given theirs. A caller adds only what the op cannot say
 * ({@link #with}, {@link #withDetails}).
 */
public record TreeEvent(EventType type, String path, Map<String, Object> details) {
    public TreeEvent {
        details = details == null ? Map.of() : details;
    }

    /**
     * Returns the event of {@code op}; {@code removed} is the entry a {@link TreeOp.Remove} takes away
     * (its type is part of the event) and is ignored for other ops.
     */
    public static TreeEvent of(TreeOp op, Entry removed) {
        return switch (op) {
            case TreeOp.PutFile o -> written(o.path().value(), o.content());
            case TreeOp.SetContent o -> written(o.path().value(), o.content());
            case TreeOp.Remove o ->
                new TreeEvent(
                        EventType.FILE_DELETED,
                        o.path().value(),
                        Map.of("type", removed.type().name()));
            case TreeOp.Mkdir o ->
                new TreeEvent(EventType.DIRECTORY_CREATED, o.path().value(), Map.of("mode", o.mode()));
            case TreeOp.Rmdir o ->
                new TreeEvent(EventType.DIRECTORY_DELETED, o.path().value(), Map.of("recursive", o.recursive()));
            case TreeOp.Rename o ->
                new TreeEvent(
                        EventType.PATH_RENAMED,
                        o.to().value(),
                        Map.of("fromPath", o.path().value(), "toPath", o.to().value(), "exchange", o.exchange()));
            case TreeOp.Symlink o ->
                new TreeEvent(EventType.SYMLINK_CREATED, o.path().value(), Map.of("target", o.target()));
            case TreeOp.Mknod o ->
                // no event type of its own: a special file is recorded as an empty file written, with its type
                new TreeEvent(
                        EventType.FILE_WRITTEN,
                        o.path().value(),
                        Map.of("size", 0L, "type", o.type().name()));
            case TreeOp.Link o ->
                new TreeEvent(
                        EventType.LINK_CREATED,
                        o.path().value(),
                        Map.of("existingPath", o.existing().value()));
            case TreeOp.SetAttrs o -> attributes(o);
            case TreeOp.SetXattr o ->
                new TreeEvent(EventType.XATTR_CHANGED, o.path().value(), Map.of("name", o.name(), "action", "set"));
            case TreeOp.RemoveXattr o ->
                new TreeEvent(EventType.XATTR_CHANGED, o.path().value(), Map.of("name", o.name(), "action", "removed"));
        };
    }

    /** Returns this event with one more detail. */
    public TreeEvent with(String key, Object value) {
        Map<String, Object> d = new HashMap<>(details);
        d.put(key, value);
        return new TreeEvent(type, path, d);
    }

    /** Returns this event with {@code details} instead of the derived ones. */
    public TreeEvent withDetails(Map<String, Object> details) {
        return new TreeEvent(type, path, details);
    }

    private static TreeEvent written(String path, Content c) {
        Map<String, Object> d = new HashMap<>();
        d.put("size", c.size());
        if (c.contentHash() != null) {
            d.put("contentHash", c.contentHash().hex());
        }
        return new TreeEvent(EventType.FILE_WRITTEN, path, d);
    }

    /** Names only what the op changes: absent fields keep their values and are left out. */
    private static TreeEvent attributes(TreeOp.SetAttrs o) {
        Map<String, Object> d = new HashMap<>();
        if (o.mode() != null) {
            d.put("mode", o.mode());
        }
        if (o.uid() != null) {
            d.put("uid", o.uid());
        }
        if (o.gid() != null) {
            d.put("gid", o.gid());
        }
        if (o.content() != null) {
            d.put("size", o.content().size());
        }
        if (o.mtime() != null) {
            d.put("mtime", o.mtime());
        }
        return new TreeEvent(EventType.ATTRIBUTES_CHANGED, o.path().value(), d);
    }
}

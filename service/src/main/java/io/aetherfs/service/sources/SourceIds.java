package io.aetherfs.service.sources;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.RevisionId;
import io.aetherfs.core.model.SourceId;
import io.aetherfs.core.model.UploadId;
import io.aetherfs.core.spi.JobId;

/** The ids of sources and their children as transports receive them: a malformed id names nothing (NOT_FOUND). */
public final class SourceIds {
    private SourceIds() {}

    public static SourceId parseSource(String raw) {
        if (!SourceId.isValid(raw)) {
            throw AfsException.notFound("source " + printable(raw) + " not found");
        }
        return new SourceId(raw);
    }

    public static RevisionId parseRevision(String raw) {
        if (!RevisionId.isValid(raw)) {
            throw AfsException.notFound("revision " + printable(raw) + " not found");
        }
        return new RevisionId(raw);
    }

    public static JobId parseJob(String raw) {
        try {
            return new JobId(raw);
        } catch (IllegalArgumentException e) {
            throw AfsException.notFound("job " + printable(raw) + " not found");
        }
    }

    public static UploadId parseUpload(String raw) {
        if (!UploadId.isValid(raw)) {
            throw AfsException.notFound("upload " + printable(raw) + " not found");
        }
        return new UploadId(raw);
    }

    private static String printable(String s) {
        if (s == null) {
            return "null";
        }
        String t = s.length() > 70 ? s.substring(0, 70) + "…" : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}

package io.aetherfs.server.http;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.RequestHeaders;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.Reason;

/**
 * The conditional-request headers of a raw PUT (spec §8.9) and their meaning for the write:
 * {@code If-Match: "<hash>"} is the header form of {@code expectedHash}, {@code If-Match: *} requires
 * the file to exist and {@code If-None-Match: *} makes the write create-only. A failure of a condition
 * that came from a header is answered 412 with the service's error (reason kept); the same failure from
 * the {@code expectedHash} query parameter stays 409.
 */
record Preconditions(String expectedHash, boolean createOnly, boolean mustExist, boolean hashFromHeader) {
    /** Returns the preconditions of a PUT with these headers and {@code expectedHash} parameter. */
    static Preconditions forWrite(RequestHeaders h, String queryHash) {
        String ifMatch = h.get(HttpHeaderNames.IF_MATCH);
        String ifNoneMatch = h.get(HttpHeaderNames.IF_NONE_MATCH);
        if (ifMatch != null && ifNoneMatch != null) {
            throw AfsException.invalid("give If-Match or If-None-Match, not both");
        }
        if (ifNoneMatch != null && !ifNoneMatch.trim().equals("*")) {
            throw AfsException.invalid("If-None-Match on PUT supports only *");
        }
        boolean createOnly = ifNoneMatch != null;
        if (ifMatch == null || ifMatch.trim().equals("*")) {
            return new Preconditions(queryHash, createOnly, ifMatch != null, false);
        }
        String tag = ifMatch.trim();
        if (tag.length() < 2 || !tag.startsWith("\"") || !tag.endsWith("\"") || tag.contains(",")) {
            throw AfsException.invalid("If-Match must be one quoted content hash (\"<sha256 hex>\") or *");
        }
        String hash = tag.substring(1, tag.length() - 1);
        if (queryHash != null && !queryHash.equals(hash)) {
            throw AfsException.invalid("If-Match and expectedHash name different hashes");
        }
        return new Preconditions(hash, false, false, true);
    }

    /** Returns whether an {@code If-None-Match} header matches {@code etag} (so the answer is 304). */
    static boolean noneMatch(String header, String etag) {
        if (header == null) {
            return false;
        }
        for (String t : header.split(",")) {
            String s = t.trim();
            if (s.startsWith("W/")) {
                s = s.substring(2);
            }
            if (s.equals("*") || s.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** Returns the failure to report for {@code e}: 412 when a header's condition failed, else {@code e}. */
    RuntimeException translate(AfsException e) {
        boolean headerFailed = (hashFromHeader && e.reason() == Reason.STALE_EXPECTED_HASH)
                || (createOnly && e.reason() == Reason.PATH_EXISTS)
                || (mustExist && e.reason() == Reason.PATH_NOT_FOUND);
        return headerFailed ? new HttpFailure(412, e, HttpHeaders.of()) : e;
    }
}

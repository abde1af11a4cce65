package io.aetherfs.server.http;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import com.google.rpc.Status;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.RequestHeaders;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.Reason;
import io.aetherfs.server.api.ErrorStatus;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * The HTTP transport's one reading of the conditional-request headers (spec §4, §8.9) and of the entity
 * tags it sends ({@code "<contentHash>"}, always strong). On a write, {@code If-Match: "<hash>"} is the
 * header form of {@code expectedHash}, {@code If-Match: *} requires the file to exist (raw PUT only) and
 * {@code If-None-Match: *} makes the write create-only (raw PUT only); on a read, {@code If-None-Match}
 * (a list, weak tags compared weakly, or {@code *}) answers 304 and {@code If-Range} must name the
 * current tag exactly. A failure of a condition that came from a header is answered 412 with the
 * service's error (reason kept); the same failure from the {@code expectedHash} parameter or field stays
 * 409.
 *
 * @param expectedHash the content hash the write expects, from the header or the request; null for none
 * @param createOnly whether {@code If-None-Match: *} makes the write create-only
 * @param mustExist whether {@code If-Match: *} requires the file to exist
 * @param hashFromHeader whether {@code expectedHash} came from {@code If-Match}
 */
record Preconditions(String expectedHash, boolean createOnly, boolean mustExist, boolean hashFromHeader) {
    /** Returns the entity tag of content with hash {@code contentHash}. */
    static String etag(String contentHash) {
        return "\"" + contentHash + "\"";
    }

    /** Returns the preconditions of a raw PUT with these headers and {@code expectedHash} parameter (or null). */
    static Preconditions forWrite(RequestHeaders h, String queryHash) {
        String ifMatch = h.get(HttpHeaderNames.IF_MATCH);
        String ifNoneMatch = h.get(HttpHeaderNames.IF_NONE_MATCH);
        if (ifMatch != null && ifNoneMatch != null) {
            throw AfsException.invalid("give If-Match or If-None-Match, not both");
        }
        if (ifNoneMatch != null && !isStar(ifNoneMatch)) {
            throw AfsException.invalid("If-None-Match on PUT supports only *");
        }
        boolean createOnly = ifNoneMatch != null;
        if (ifMatch == null || isStar(ifMatch)) {
            return new Preconditions(queryHash, createOnly, ifMatch != null, false);
        }
        return new Preconditions(hash(ifMatch, queryHash, " or *"), false, false, true);
    }

    /**
     * Returns the preconditions of a JSON route whose request names {@code requestHash} ("" for none) as
     * its {@code expected_hash}: {@code If-Match: "<hash>"} supplies it; {@code If-Match: *} and
     * {@code If-None-Match} do not apply to these routes and are ignored.
     */
    static Preconditions forRequest(RequestHeaders h, String requestHash) {
        String ifMatch = h.get(HttpHeaderNames.IF_MATCH);
        String fromRequest = requestHash.isEmpty() ? null : requestHash;
        if (ifMatch == null || isStar(ifMatch)) {
            return new Preconditions(fromRequest, false, false, false);
        }
        return new Preconditions(hash(ifMatch, fromRequest, ""), false, false, true);
    }

    /** Returns whether an {@code If-None-Match} header matches {@code etag} (so a read answers 304). */
    static boolean noneMatch(String header, String etag) {
        if (header == null) {
            return false;
        }
        for (String t : header.split(",")) {
            String s = t.trim();
            if (s.startsWith("W/")) {
                s = s.substring(2); // If-None-Match compares weakly (RFC 9110 §13.1.2)
            }
            if (s.equals("*") || s.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** Returns whether a {@code Range} applies under an {@code If-Range} header (null: none), which compares strongly. */
    static boolean rangeApplies(String ifRange, String etag) {
        return ifRange == null || ifRange.equals(etag);
    }

    /**
     * Returns the failure to report for {@code failure} (a core error, or the status of an in-process gRPC
     * call): 412 with its status when it is the failure of a header's condition, else {@code failure}.
     */
    RuntimeException translate(RuntimeException failure) {
        Status s =
                switch (HttpErrors.unwrap(failure)) {
                    case AfsException a -> ErrorStatus.of(a);
                    case StatusRuntimeException e -> StatusProto.fromThrowable(e);
                    default -> null;
                };
        String reason = s == null ? null : reason(s);
        boolean headerFailed =
                (hashFromHeader && Reason.STALE_EXPECTED_HASH.name().equals(reason))
                        || (createOnly && Reason.PATH_EXISTS.name().equals(reason))
                        || (mustExist && Reason.PATH_NOT_FOUND.name().equals(reason));
        return headerFailed ? HttpFailure.preconditionFailed(s, failure) : failure;
    }

    /** Returns the hash of an {@code If-Match: "<hash>"} header, which must agree with {@code other} (or null). */
    private static String hash(String header, String other, String orStar) {
        String tag = header.trim();
        if (tag.length() < 2 || !tag.startsWith("\"") || !tag.endsWith("\"") || tag.contains(",")) {
            throw AfsException.invalid("If-Match must be one quoted content hash (\"<sha256 hex>\")" + orStar);
        }
        String hash = tag.substring(1, tag.length() - 1);
        if (other != null && !other.equals(hash)) {
            throw AfsException.invalid("If-Match and expectedHash name different hashes");
        }
        return hash;
    }

    private static boolean isStar(String header) {
        return header.trim().equals("*");
    }

    /** Returns the ErrorInfo reason of a status, or null. */
    private static String reason(Status s) {
        for (Any detail : s.getDetailsList()) {
            try {
                if (detail.is(ErrorInfo.class)) {
                    return detail.unpack(ErrorInfo.class).getReason();
                }
            } catch (InvalidProtocolBufferException e) {
                return null;
            }
        }
        return null;
    }
}

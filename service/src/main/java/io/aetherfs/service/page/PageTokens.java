package io.aetherfs.service.page;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.Hash;
import io.aetherfs.service.Limits;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque page tokens (spec §5.1): the resume position, bound to the route and its filter parameters by
 * a digest, so a token used with other filters is rejected with INVALID_ARGUMENT. Tokens never expire.
 */
public final class PageTokens {
    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DEC = Base64.getUrlDecoder();

    private final Limits limits;

    public PageTokens(Limits limits) {
        this.limits = limits;
    }

    /** Returns the effective page size: default for 0, clamped to the maximum, never below 1. */
    public int size(PageRequest p) {
        if (p.pageSize() < 0) {
            throw AfsException.invalid("pageSize must not be negative");
        }
        return p.pageSize() == 0 ? limits.defaultPageSize() : Math.min(p.pageSize(), limits.maxPageSize());
    }

    /** Returns a token that resumes after {@code position} for this route and filter. */
    public String encode(String route, String filter, String position) {
        String binding = binding(route, filter);
        return ENC.encodeToString((binding + "\n" + position).getBytes(StandardCharsets.UTF_8));
    }

    /** Returns the position of a token (null for the first page); INVALID_ARGUMENT if it belongs elsewhere. */
    public String decode(PageRequest p, String route, String filter) {
        if (p.pageToken().isEmpty()) {
            return null;
        }
        String text;
        try {
            text = new String(DEC.decode(p.pageToken()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw AfsException.invalid("invalid pageToken");
        }
        int nl = text.indexOf('\n');
        if (nl < 0 || !text.substring(0, nl).equals(binding(route, filter))) {
            throw AfsException.invalid(
                    "pageToken does not belong to this list or its filters changed; start again without it");
        }
        return text.substring(nl + 1);
    }

    private static String binding(String route, String filter) {
        return Hash.of((route + "\0" + filter).getBytes(StandardCharsets.UTF_8))
                .hex()
                .substring(0, 16);
    }
}

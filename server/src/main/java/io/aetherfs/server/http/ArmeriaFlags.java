package io.aetherfs.server.http;

import com.linecorp.armeria.common.FlagsProvider;

/**
 * The Armeria defaults this server changes, found by Armeria through {@code ServiceLoader}: a {@code ..}
 * next to a {@code /} or {@code \} in a query string is let through to the routes. Armeria refuses such
 * requests by default to protect handlers that join query values onto host file paths; this server
 * never does (session paths are checked component by component by {@code FsPath}, which refuses real
 * {@code ..} components with a message naming them), and the default made names such as {@code a\..\b}
 * — valid in a session, and creatable through the JSON routes — unreachable through
 * {@code files?path=} and {@code manifest?pathPrefix=}. A {@code -Dcom.linecorp.armeria.*} system
 * property still wins over this provider.
 */
public final class ArmeriaFlags implements FlagsProvider {
    @Override
    public int priority() {
        return 100; // above Armeria's defaults (Integer.MIN_VALUE), below system properties (Integer.MAX_VALUE)
    }

    @Override
    public String name() {
        return "aetherfs";
    }

    @Override
    public Boolean allowDoubleDotsInQueryString() {
        return true;
    }
}

package io.aetherfs.server;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resources of a server in the order they were opened, closed in reverse; a failing close is
 * logged and the rest still close. Used both on a failed start and on shutdown.
 */
final class CloseStack {
    private static final Logger LOG = LoggerFactory.getLogger(CloseStack.class);

    private record Named(String name, AutoCloseable resource) {}

    private final Deque<Named> resources = new ArrayDeque<>();

    /** Adds {@code resource} to be closed before everything pushed earlier, and returns it. */
    synchronized <T extends AutoCloseable> T push(String name, T resource) {
        resources.push(new Named(name, resource));
        return resource;
    }

    /** Closes every resource, newest first; returns whether all closed cleanly. */
    synchronized boolean closeAll() {
        boolean clean = true;
        while (!resources.isEmpty()) {
            Named n = resources.pop();
            try {
                n.resource().close();
            } catch (Exception e) {
                clean = false;
                LOG.error("failed to close the {}", n.name(), e);
            }
        }
        return clean;
    }
}

package io.aetherfs.server.grpc;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a {@link GrpcTestServer} for gRPC tests, as a JUnit extension registered with
 * {@code @RegisterExtension}: {@link #perClass} in a static field shares one server among the tests of a
 * class (each test takes its own tenant with {@link GrpcTestServer#inNewTenant}), {@link #perTest} in an
 * instance field gives every test a fresh one. The server starts on first use of {@link #server()}, so
 * field initializers may call it, and is closed after the class or the test.
 */
final class GrpcServerExtension implements AfterAllCallback, AfterEachCallback {
    private final Supplier<GrpcTestServer> start;
    private final boolean perTest;
    private GrpcTestServer server;

    private GrpcServerExtension(Supplier<GrpcTestServer> start, boolean perTest) {
        this.start = start;
        this.perTest = perTest;
    }

    /** Returns an extension whose in-memory server serves every test of the class. */
    static GrpcServerExtension perClass() {
        return perClass(GrpcTestServer::new);
    }

    /** Returns an extension whose server, made by {@code start}, serves every test of the class. */
    static GrpcServerExtension perClass(Supplier<GrpcTestServer> start) {
        return new GrpcServerExtension(start, false);
    }

    /** Returns an extension that gives each test a fresh server made by {@code start}. */
    static GrpcServerExtension perTest(Supplier<GrpcTestServer> start) {
        return new GrpcServerExtension(start, true);
    }

    /** Returns the running server, starting it on the first call. */
    synchronized GrpcTestServer server() {
        if (server == null) {
            server = start.get();
        }
        return server;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    private synchronized void stop() {
        if (server != null) {
            try {
                server.close();
            } finally {
                server = null;
            }
        }
    }
}

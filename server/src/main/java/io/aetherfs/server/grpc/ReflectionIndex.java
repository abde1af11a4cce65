package io.aetherfs.server.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.InternalServer;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tells the server reflection services (v1 and v1alpha) which services exist. grpc-java's reflection reads
 * them from the {@link Server} in the call's context; Armeria has no such server object and its own helper
 * serves only one reflection version, so this interceptor supplies a read-only view of our services.
 */
final class ReflectionIndex implements ServerInterceptor {
    private final Server server;

    ReflectionIndex(List<ServerServiceDefinition> services) {
        this.server = new ServiceList(List.copyOf(services));
    }

    @Override
    public <I, O> ServerCall.Listener<I> interceptCall(
            ServerCall<I, O> call, Metadata headers, ServerCallHandler<I, O> next) {
        Context ctx = Context.current().withValue(InternalServer.SERVER_CONTEXT_KEY, server);
        return Contexts.interceptCall(ctx, call, headers, next);
    }

    /** A {@link Server} that only lists services; it cannot be started or stopped. */
    private static final class ServiceList extends Server {
        private final List<ServerServiceDefinition> services;

        ServiceList(List<ServerServiceDefinition> services) {
            this.services = services;
        }

        @Override
        public List<ServerServiceDefinition> getServices() {
            return services;
        }

        @Override
        public List<ServerServiceDefinition> getImmutableServices() {
            return services;
        }

        @Override
        public List<ServerServiceDefinition> getMutableServices() {
            return List.of();
        }

        @Override
        public Server start() {
            throw new UnsupportedOperationException("a reflection index is not a server");
        }

        @Override
        public Server shutdown() {
            throw new UnsupportedOperationException("a reflection index is not a server");
        }

        @Override
        public Server shutdownNow() {
            throw new UnsupportedOperationException("a reflection index is not a server");
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException("a reflection index is not a server");
        }

        @Override
        public void awaitTermination() {
            throw new UnsupportedOperationException("a reflection index is not a server");
        }
    }
}

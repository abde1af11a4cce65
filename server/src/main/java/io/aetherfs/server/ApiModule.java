package io.aetherfs.server;

import com.linecorp.armeria.server.ServerBuilder;
import io.aetherfs.service.Services;

/**
 * A plug-in that registers API routes (HTTP {@code /v1}, gRPC services, streams) on the server.
 * Implementations are found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/io.aetherfs.server.ApiModule}. They are registered in class-name order.
 */
public interface ApiModule {
    /**
     * Registers this module's routes. Bind HTTP routes on {@link ServerContext#httpHost()} and gRPC
     * services on {@link ServerContext#grpcHost()}, so separate listen addresses work.
     */
    void register(ServerBuilder sb, Services services, ServerContext ctx);
}

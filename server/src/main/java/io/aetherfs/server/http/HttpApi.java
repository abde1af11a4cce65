package io.aetherfs.server.http;

import com.linecorp.armeria.common.Flags;
import com.linecorp.armeria.common.util.TransportType;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.VirtualHostBuilder;
import io.aetherfs.server.api.AuthDecorator;
import io.aetherfs.server.api.CallerResolver;
import io.aetherfs.service.Services;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import java.time.Duration;

/**
 * The HTTP/JSON API under {@code /v1} (spec §2, §9): JSON routes bound to the gRPC implementations, the
 * HTTP-native raw routes over the services, and per-request auth, request ids, metrics and access logs.
 */
public final class HttpApi {
    private HttpApi() {}

    /**
     * Mounts the API on {@code sb} under {@code /v1}. Armeria's request length limit is lifted for these
     * routes: each handler enforces its own (JSON bodies, file size, import size; spec §12) and answers
     * 429 PAYLOAD_TOO_LARGE itself.
     */
    public static void register(
            ServerBuilder sb, Services services, GrpcImpls impls, CallerResolver resolver, MeterRegistry registry) {
        keepPausedReaders(sb);
        register(sb.defaultVirtualHost(), services, impls, resolver, registry);
    }

    /**
     * How long the kernel keeps a connection whose peer stopped reading (its receive window stays zero) or
     * stopped acknowledging. Armeria sets TCP_USER_TIMEOUT to the idle timeout + 5 s (20 s here), after which
     * the kernel resets the connection even though the peer still answers window probes; a bus subscriber
     * that paused reading for longer would then find its connection reset instead of the messages on their
     * way and the final RESOURCE_EXHAUSTED item (spec §8.11). The server's own memory for a paused reader is
     * bounded elsewhere (the subscription's bound, one response frame at a time), so waiting costs little.
     */
    public static final Duration PAUSED_READER_TIMEOUT = Duration.ofMinutes(5);

    /** Sets {@link #PAUSED_READER_TIMEOUT} as the TCP user timeout of accepted connections (Linux epoll). */
    public static void keepPausedReaders(ServerBuilder sb) {
        if (Flags.transportType() == TransportType.EPOLL) {
            sb.childChannelOption(epollOption("TCP_USER_TIMEOUT"), (int) PAUSED_READER_TIMEOUT.toMillis());
        }
    }

    /** Returns an EpollChannelOption; Netty's epoll classes are only on the runtime classpath (via Armeria). */
    @SuppressWarnings("unchecked")
    private static <T> ChannelOption<T> epollOption(String name) {
        try {
            return (ChannelOption<T>) Class.forName("io.netty.channel.epoll.EpollChannelOption")
                    .getField(name)
                    .get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Netty's epoll transport has no channel option " + name, e);
        }
    }

    /**
     * Mounts the API on a virtual host (the main listener's), with no request timeout: uploads, exports
     * and merges of large trees take as long as they take, and a client that goes away cancels them.
     */
    public static void register(
            VirtualHostBuilder host,
            Services services,
            GrpcImpls impls,
            CallerResolver resolver,
            MeterRegistry registry) {
        Idempotency idempotency = new Idempotency(services.engine());
        Router router = new Router(RouteTable.build(impls, services, idempotency));
        host.route()
                .pathPrefix("/v1")
                .maxRequestLength(0)
                .requestTimeout(Duration.ZERO)
                .decorator(delegate -> delegate.decorate(new AuthDecorator(resolver)))
                .decorator(
                        delegate -> delegate.decorate(new RequestLogging(registry, services.usageMeter()))) // outermost
                .build(new ApiService(router));
    }
}

package io.aetherfs.server;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.grpc.GrpcService;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.service.Services;
import io.aetherfs.service.auth.Caller;
import io.grpc.protobuf.services.HealthStatusManager;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in API module for the server tests, found through {@code META-INF/services}: an
 * authenticated HTTP route, a route that blocks until released, and the gRPC health service.
 */
public final class TestApiModule implements ApiModule {
    private final CountDownLatch release;
    final CompletableFuture<Void> drainingSeen = new CompletableFuture<>();
    /** Counted down when a request to the slow route is being handled. */
    final CountDownLatch slowEntered = new CountDownLatch(1);

    public TestApiModule() {
        this(new CountDownLatch(0));
    }

    TestApiModule(CountDownLatch release) {
        this.release = release;
    }

    @Override
    public void register(ServerBuilder sb, Services services, ServerContext ctx) {
        ctx.httpHost().service("/v1/test/whoami", (c, req) -> {
            try {
                Caller caller = ctx.authenticator().authenticate(req.headers().get("authorization"), null, null);
                return HttpResponse.of(caller.tenant() + ":" + caller.principal());
            } catch (AfsException e) {
                return HttpResponse.of(HttpStatus.UNAUTHORIZED, MediaType.PLAIN_TEXT_UTF_8, e.getMessage());
            }
        });
        ctx.httpHost()
                .service(
                        "/v1/test/slow",
                        (c, req) -> HttpResponse.of(
                                () -> {
                                    slowEntered.countDown();
                                    try {
                                        release.await(30, TimeUnit.SECONDS);
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                    return HttpResponse.of("done");
                                },
                                c.blockingTaskExecutor()));
        ctx.grpcHost()
                .service(GrpcService.builder()
                        .addService(new HealthStatusManager().getHealthService())
                        .build());
        ctx.whenDraining().thenRun(() -> drainingSeen.complete(null));
        ctx.meterRegistry().counter("afs_test_registrations_total").increment();
    }
}

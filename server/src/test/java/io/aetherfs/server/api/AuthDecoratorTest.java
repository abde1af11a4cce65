package io.aetherfs.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AuthDecoratorTest {
    private static final Caller ALICE = new Caller(
            TenantId.parse("0b9c3c1e-5a7f-4d2e-9c11-2f4b6a8d0e13"), "alice", Set.of(Scope.SESSION_READ), null, null);

    /** Answers with the caller's principal, or with the authentication failure's message. */
    private static final HttpService ECHO = (ctx, req) -> {
        try {
            return HttpResponse.of(Callers.of(ctx).principal());
        } catch (AfsException e) {
            return HttpResponse.of(e.code() + ": " + e.getMessage());
        }
    };

    private final CompletableFuture<Caller> pending = new CompletableFuture<>();
    private final CallerResolver waiting = new CallerResolver() {
        @Override
        public Caller resolve(String authorization, String clientName, String clientVersion) {
            throw new AssertionError("the decorator must not block on resolve");
        }

        @Override
        public CompletableFuture<Caller> resolveAsync(String authorization, String clientName, String clientVersion) {
            return pending;
        }
    };

    private static String serve(CallerResolver resolver, Runnable afterServe) throws Exception {
        HttpRequest req = HttpRequest.of(RequestHeaders.builder(HttpMethod.GET, "/v1/sessions")
                .add("authorization", "Bearer t")
                .build());
        ServiceRequestContext ctx = ServiceRequestContext.of(req);
        HttpResponse res = new AuthDecorator(resolver).serve(ECHO, ctx, req);
        afterServe.run();
        return res.aggregate().get(10, TimeUnit.SECONDS).contentUtf8();
    }

    @Test
    void serve_resolvedAtOnce_recordsTheCaller() throws Exception {
        assertThat(serve((a, n, v) -> ALICE, () -> {})).isEqualTo("alice");
    }

    @Test
    void serve_resolutionStillRunning_waitsForItWithoutBlocking() throws Exception {
        assertThat(serve(waiting, () -> pending.complete(ALICE))).isEqualTo("alice");
    }

    @Test
    void serve_resolutionFailingLater_recordsTheFailure() throws Exception {
        String answer = serve(
                waiting,
                () -> pending.completeExceptionally(new AfsException(ErrorCode.UNAUTHENTICATED, "unknown kid \"r9\"")));

        assertThat(answer).isEqualTo("UNAUTHENTICATED: unknown kid \"r9\"");
    }
}

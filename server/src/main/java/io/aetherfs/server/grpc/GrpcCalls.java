package io.aetherfs.server.grpc;

import com.linecorp.armeria.common.RequestContext;
import io.aetherfs.server.api.ErrorStatus;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/**
 * How a gRPC handler answers: the result of one service call, or the gRPC half of the one error mapping
 * ({@link ErrorStatus}) for anything thrown while computing it.
 */
final class GrpcCalls {
    private GrpcCalls() {}

    /** Computes a unary answer in the calling thread and sends it, or sends the mapped error. */
    static <T> void unary(StreamObserver<T> out, Supplier<T> call) {
        T result;
        try {
            result = call.get();
        } catch (Throwable t) {
            out.onError(error(t));
            return;
        }
        out.onNext(result);
        out.onCompleted();
    }

    /** Starts {@code task} on a new virtual thread that runs in the current request's context, if any. */
    static void fork(String name, Runnable task) {
        RequestContext ctx = RequestContext.currentOrNull();
        Thread.ofVirtual().name(name).start(ctx == null ? task : ctx.makeContextAware(task));
    }

    /** Returns the gRPC error of any throwable, carrying the google.rpc.Status with its ErrorInfo. */
    static StatusRuntimeException error(Throwable t) {
        return StatusProto.toStatusRuntimeException(ErrorStatus.of(t));
    }
}

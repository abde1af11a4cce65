package io.aetherfs.server.http;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Message;
import io.grpc.BindableService;
import io.grpc.ServerMethodDefinition;
import io.grpc.stub.StreamObserver;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.concurrent.CompletableFuture;

/**
 * A unary RPC of an in-process gRPC implementation, invoked the way the gRPC transport would: with the
 * request message and a response observer, on the calling thread (inside the Armeria request context, so
 * {@code Callers.current()} works in the implementation). HTTP routes bound to an RPC run through this,
 * so both transports share one implementation (spec §1).
 */
final class UnaryCall {
    private final BindableService impl;
    private final Method method;
    private final Message requestPrototype;
    private final String fullName;

    private UnaryCall(BindableService impl, Method method, Message requestPrototype, String fullName) {
        this.impl = impl;
        this.method = method;
        this.requestPrototype = requestPrototype;
        this.fullName = fullName;
    }

    /** Returns the call of {@code rpc} on {@code impl}; throws IllegalArgumentException if it has none. */
    static UnaryCall of(BindableService impl, MethodDescriptor rpc) {
        if (rpc.isClientStreaming() || rpc.isServerStreaming()) {
            throw new IllegalArgumentException(rpc.getFullName() + " is not unary");
        }
        String full =
                io.grpc.MethodDescriptor.generateFullMethodName(rpc.getService().getFullName(), rpc.getName());
        ServerMethodDefinition<?, ?> def = impl.bindService().getMethod(full);
        if (def == null
                || !(def.getMethodDescriptor().getRequestMarshaller()
                        instanceof io.grpc.MethodDescriptor.PrototypeMarshaller<?> pm)
                || !(pm.getMessagePrototype() instanceof Message prototype)) {
            throw new IllegalArgumentException(full + " is not a protobuf method of " + impl.getClass());
        }
        String javaName =
                Character.toLowerCase(rpc.getName().charAt(0)) + rpc.getName().substring(1);
        return new UnaryCall(impl, publicMethod(impl.getClass(), javaName, prototype.getClass()), prototype, full);
    }

    /** Returns the default instance of the request message. */
    Message requestPrototype() {
        return requestPrototype;
    }

    /** Returns the gRPC full method name ({@code aetherfs.v1.SessionService/CreateSession}). */
    String fullName() {
        return fullName;
    }

    /** Invokes the RPC and returns its response future; a synchronous throw completes it exceptionally. */
    CompletableFuture<Message> invoke(Message request, CollectingObserver<Message> observer) {
        try {
            method.invoke(impl, request, (StreamObserver<Message>) observer);
        } catch (ReflectiveOperationException | RuntimeException e) {
            observer.onError(HttpErrors.unwrap(e));
        }
        return observer.result();
    }

    /** Finds the method through a public class, so implementations may be non-public classes. */
    private static Method publicMethod(Class<?> type, String name, Class<?> requestType) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (Modifier.isPublic(c.getModifiers())) {
                try {
                    return c.getMethod(name, requestType, StreamObserver.class);
                } catch (NoSuchMethodException e) {
                    break;
                }
            }
        }
        throw new IllegalArgumentException(
                type + " has no public method " + name + "(" + requestType.getSimpleName() + ", StreamObserver)");
    }
}

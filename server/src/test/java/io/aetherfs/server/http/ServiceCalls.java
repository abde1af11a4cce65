package io.aetherfs.server.http;

import io.aetherfs.service.Services;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.ConstantDesc;
import java.lang.constant.DirectMethodHandleDesc;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds, in the compiled transport classes, which service-layer methods a handler calls: starting from
 * one method, it follows the calls, lambdas and anonymous classes it reaches inside the transport packages
 * ({@code server/grpc}, {@code server/http}) and collects every call of a method of a service that
 * {@link Services} hands out ({@code SessionService#create}). Used to generate the route map of
 * {@code docs/ARCHITECTURE.md}, so it never drifts from the code.
 */
final class ServiceCalls {
    private static final List<String> FOLLOWED = List.of("io/aetherfs/server/grpc/", "io/aetherfs/server/http/");

    private final Set<String> serviceTypes = new HashSet<>();
    private final Map<String, ClassModel> classes = new HashMap<>();

    ServiceCalls() {
        for (Method m : Services.class.getMethods()) {
            Class<?> type = m.getReturnType();
            if (m.getParameterCount() == 0
                    && Modifier.isPublic(type.getModifiers())
                    && type.getPackageName().startsWith("io.aetherfs.service")
                    && !type.getPackageName().equals("io.aetherfs.service")) {
                serviceTypes.add(internalName(type.getName()));
            }
        }
    }

    /** Returns the service methods {@code type#method} reaches, as {@code SimpleName#method}, in the order met. */
    Set<String> of(Class<?> type, String method) {
        Set<String> found = new LinkedHashSet<>();
        Set<String> seen = new HashSet<>();
        Deque<String[]> work = new ArrayDeque<>();
        work.add(new String[] {internalName(type.getName()), method});
        while (!work.isEmpty()) {
            String[] next = work.pop();
            if (!seen.add(next[0] + "#" + next[1])) {
                continue;
            }
            for (MethodModel m : model(next[0]).methods()) {
                if (next[1].equals("*") || m.methodName().equalsString(next[1])) {
                    m.code().ifPresent(code -> code.forEach(e -> visit(e, found, work)));
                }
            }
        }
        return found;
    }

    /** Returns the method of {@code owner} that the first lambda or method reference after {@code marker} names. */
    String[] methodReferenceAfter(Class<?> owner, String method, String marker) {
        boolean after = false;
        for (MethodModel m : model(internalName(owner.getName())).methods()) {
            if (!m.methodName().equalsString(method) || m.code().isEmpty()) {
                continue;
            }
            for (CodeElement e : m.code().get()) {
                if (e instanceof java.lang.classfile.instruction.ConstantInstruction c
                        && marker.equals(c.constantValue())) {
                    after = true;
                } else if (after && e instanceof InvokeDynamicInstruction indy) {
                    for (ConstantDesc arg : indy.bootstrapArgs()) {
                        if (arg instanceof DirectMethodHandleDesc h) {
                            return new String[] {internal(h), h.methodName()};
                        }
                    }
                }
            }
        }
        throw new IllegalStateException("no method reference after \"" + marker + "\" in " + owner + "#" + method);
    }

    private void visit(CodeElement e, Set<String> found, Deque<String[]> work) {
        if (e instanceof InvokeInstruction i) {
            String owner = i.owner().asInternalName();
            String name = i.name().stringValue();
            if (serviceTypes.contains(owner)) {
                found.add(owner.substring(owner.lastIndexOf('/') + 1) + "#" + name);
            } else if (followed(owner)) {
                // a constructor of a nested or anonymous class: whatever it overrides may run
                work.push(new String[] {owner, name.equals("<init>") && owner.contains("$") ? "*" : name});
            }
        } else if (e instanceof InvokeDynamicInstruction indy) {
            for (ConstantDesc arg : indy.bootstrapArgs()) {
                if (arg instanceof DirectMethodHandleDesc h && followed(internal(h))) {
                    work.push(new String[] {internal(h), h.methodName()});
                }
            }
        }
    }

    private static boolean followed(String internalName) {
        return FOLLOWED.stream().anyMatch(internalName::startsWith);
    }

    private static String internal(DirectMethodHandleDesc h) {
        String d = h.owner().descriptorString(); // Lio/aetherfs/...;
        return d.substring(1, d.length() - 1);
    }

    private static String internalName(String binaryName) {
        return binaryName.replace('.', '/');
    }

    private ClassModel model(String internalName) {
        return classes.computeIfAbsent(internalName, n -> {
            try (InputStream in = ServiceCalls.class.getClassLoader().getResourceAsStream(n + ".class")) {
                if (in == null) {
                    throw new IllegalStateException("no class file for " + n);
                }
                return ClassFile.of().parse(in.readAllBytes());
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
    }
}

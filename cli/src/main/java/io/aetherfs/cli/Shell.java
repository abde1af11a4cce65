package io.aetherfs.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * What {@code afs} sees of the process it runs in: the environment, the three standard streams, and
 * whether stderr is an interactive terminal (progress bars are drawn only then). Tests pass their own.
 */
public record Shell(Map<String, String> env, InputStream in, PrintStream out, PrintStream err, boolean interactive) {
    /** Returns the shell of this JVM process. */
    public static Shell system() {
        java.io.Console console = System.console();
        return new Shell(System.getenv(), System.in, System.out, System.err, console != null && console.isTerminal());
    }

    /** Returns the value of an environment variable, or null when it is unset or empty. */
    public String getenv(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value;
    }
}

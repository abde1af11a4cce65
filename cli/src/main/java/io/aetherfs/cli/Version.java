package io.aetherfs.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of this {@code afs} build, from a resource Maven filters at build time. */
public final class Version {
    private static final String CURRENT = read();

    private Version() {}

    /** Returns the version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String current() {
        return CURRENT;
    }

    private static String read() {
        Properties props = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/io/aetherfs/cli/version.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            // Fall through to the manifest.
        }
        String version = props.getProperty("version");
        if (version == null || version.isBlank() || version.startsWith("${")) {
            version = Version.class.getPackage().getImplementationVersion();
        }
        return version == null ? "unknown" : version;
    }
}

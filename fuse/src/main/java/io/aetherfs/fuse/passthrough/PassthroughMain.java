package io.aetherfs.fuse.passthrough;

import io.aetherfs.fuse.FuseSession;
import io.aetherfs.fuse.MountOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code bin/fuse-passthrough SOURCE MOUNTPOINT [-o OPTION[,OPTION...]] [-d]}: mirrors SOURCE at MOUNTPOINT in
 * the foreground until SIGINT, SIGTERM or an external unmount. Options are the passthrough's own
 * ({@link PassthroughOptions}), the binding's ({@code workers=N}, {@code callback_timeout=SECONDS}) and any
 * libfuse mount option; {@code auto_unmount} and {@code fsname=SOURCE} are on by default ({@code no_auto_unmount}
 * turns that one off), and so is {@code default_permissions} when other users may use the mount.
 *
 * <p>Without {@code allow_other} or {@code allow_root} only the mounting user reaches the mount, and the host
 * checks that user's permissions on every system call the passthrough makes with the same credentials (as
 * libfuse's {@code passthrough_ll} relies on). The kernel's own checks ({@code default_permissions}) would
 * add nothing but requests: every create or unlink invalidates the directory's attributes, and the next
 * permission check on it asks for them again (one getattr per file created or removed).
 */
public final class PassthroughMain {

    private PassthroughMain() {}

    public static void main(String[] args) throws Exception {
        Path source = null, mountpoint = null;
        PassthroughOptions pt = PassthroughOptions.defaults();
        MountOptions mount = MountOptions.defaults().with("subtype=passthrough");
        boolean autoUnmount = true;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-o") && i + 1 < args.length) {
                for (String o : args[++i].split(",")) {
                    PassthroughOptions next = pt.with(o);
                    if (next != null) {
                        pt = next;
                    } else if (o.startsWith("workers=")) {
                        mount = mount.workers(Integer.parseInt(o.substring(8)));
                    } else if (o.startsWith("callback_timeout=")) {
                        mount = mount.callbackTimeout(Duration.ofSeconds(Long.parseLong(o.substring(17))));
                    } else if (o.equals("no_auto_unmount")) {
                        autoUnmount = false;
                    } else if (!o.isBlank()) {
                        mount = mount.with(o);
                    }
                }
            } else if (a.equals("-d") || a.equals("--debug")) {
                mount = mount.debug(true);
            } else if (a.equals("-h") || a.equals("--help")) {
                usage(0);
            } else if (source == null) {
                source = Path.of(a);
            } else if (mountpoint == null) {
                mountpoint = Path.of(a);
            } else {
                usage(2);
            }
        }
        if (source == null || mountpoint == null || !Files.isDirectory(source) || !Files.isDirectory(mountpoint)) {
            usage(2);
        }
        if ((mount.has("allow_other") || mount.has("allow_root")) && !mount.has("default_permissions")) {
            mount = mount.with("default_permissions"); // other users' requests run with this process's credentials
        }
        if (autoUnmount) {
            mount = mount.with("auto_unmount");
        }
        if (mount.options().stream().noneMatch(o -> o.startsWith("fsname="))) {
            mount = mount.with("fsname=" + source.toAbsolutePath().toString().replace(",", "\\,"));
        }
        PassthroughFs fs = new PassthroughFs(source, pt);
        FuseSession session = FuseSession.mount(fs, mountpoint, mount);
        fs.attach(session);
        System.err.printf(
                "fuse-passthrough: %s mounted on %s (%s, %d workers; %s)%n",
                source, session.mountpoint(), pt, mount.workers(), session.connection());
        session.awaitUnmounted();
    }

    private static void usage(int status) {
        System.err.println("usage: fuse-passthrough SOURCE MOUNTPOINT [-o OPTION[,OPTION...]] [-d]\n"
                + "  passthrough: cache=always|auto|never, timeout=SECONDS, writeback, splice\n"
                + "  binding:     workers=N, callback_timeout=SECONDS, no_auto_unmount\n"
                + "  libfuse:     any mount option (allow_other, ro, max_read=N, ...)");
        System.exit(status);
    }
}

package io.aetherfs.fuse.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.MemoryLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Compiles a C program against the installed libfuse3 headers and glibc that prints the size of every
 * structure the binding uses and the offset of every field, and compares them with {@link Structs} (and the
 * bit positions of fuse_file_info's bit-fields). Skipped where gcc or the headers (Debian libfuse3-dev) are
 * missing.
 */
class LayoutsMatchHeadersTest {

    /** struct name in C -> (layout, fields checked). */
    static final Map<String, Object[]> STRUCTS = new LinkedHashMap<>();

    static {
        STRUCTS.put("stat", new Object[] {
            Structs.STAT,
            "st_dev",
            "st_ino",
            "st_nlink",
            "st_mode",
            "st_uid",
            "st_gid",
            "st_rdev",
            "st_size",
            "st_blksize",
            "st_blocks",
            "st_atim",
            "st_mtim",
            "st_ctim"
        });
        STRUCTS.put("statvfs", new Object[] {
            Structs.STATVFS,
            "f_bsize",
            "f_frsize",
            "f_blocks",
            "f_bfree",
            "f_bavail",
            "f_files",
            "f_ffree",
            "f_favail",
            "f_fsid",
            "f_flag",
            "f_namemax"
        });
        STRUCTS.put("flock", new Object[] {Structs.FLOCK, "l_type", "l_whence", "l_start", "l_len", "l_pid"});
        STRUCTS.put("fuse_file_info", new Object[] {Structs.FILE_INFO, "flags", "fh", "lock_owner", "poll_events"});
        STRUCTS.put(
                "fuse_entry_param",
                new Object[] {Structs.ENTRY_PARAM, "ino", "generation", "attr", "attr_timeout", "entry_timeout"});
        STRUCTS.put("fuse_conn_info", new Object[] {
            Structs.CONN_INFO,
            "proto_major",
            "proto_minor",
            "max_write",
            "max_read",
            "max_readahead",
            "capable",
            "want",
            "max_background",
            "congestion_threshold",
            "time_gran"
        });
        STRUCTS.put("fuse_ctx", new Object[] {Structs.CTX, "uid", "gid", "pid", "umask"});
        STRUCTS.put("fuse_forget_data", new Object[] {Structs.FORGET_DATA, "ino", "nlookup"});
        STRUCTS.put("fuse_buf", new Object[] {Structs.BUF, "size", "flags", "mem", "fd", "pos"});
        STRUCTS.put("fuse_bufvec", new Object[] {Structs.BUFVEC, "count", "idx", "off", "buf"});
        STRUCTS.put("fuse_args", new Object[] {Structs.ARGS, "argc", "argv", "allocated"});
        STRUCTS.put("timespec", new Object[] {Structs.TIMESPEC, "tv_sec", "tv_nsec"});
    }

    static final String[] BITS = {
        "writepage", "direct_io", "keep_cache", "flush", "nonseekable", "flock_release", "cache_readdir", "noflush"
    };

    @Test
    void everyStructureAndField_matchesTheInstalledHeaders() throws Exception {
        Map<String, Long> c = compileAndRun();
        for (Map.Entry<String, Object[]> s : STRUCTS.entrySet()) {
            MemoryLayout layout = (MemoryLayout) s.getValue()[0];
            assertThat(layout.byteSize()).as("sizeof(struct %s)", s.getKey()).isEqualTo(c.get(s.getKey()));
            for (int i = 1; i < s.getValue().length; i++) {
                String field = (String) s.getValue()[i];
                assertThat(Structs.offset(layout, field))
                        .as("offsetof(struct %s, %s)", s.getKey(), field)
                        .isEqualTo(c.get(s.getKey() + "." + field));
            }
        }
        for (int bit = 0; bit < BITS.length; bit++) {
            assertThat(c.get("bit." + BITS[bit]))
                    .as("fuse_file_info.%s", BITS[bit])
                    .isEqualTo(1L << bit);
        }
        assertThat(OpsTable.SLOTS * 8L).as("sizeof(struct fuse_lowlevel_ops)").isEqualTo(c.get("fuse_lowlevel_ops"));
    }

    private static Map<String, Long> compileAndRun() throws IOException, InterruptedException {
        assumeTrue(Files.exists(Path.of("/usr/include/fuse3/fuse_lowlevel.h")), "libfuse3-dev headers installed");
        Path dir = Files.createDirectories(Path.of("target/layout-check"));
        StringBuilder src = new StringBuilder("#define _GNU_SOURCE\n#define FUSE_USE_VERSION 314\n"
                + "#include <fuse_lowlevel.h>\n#include <stdio.h>\n#include <string.h>\n#include <stddef.h>\n"
                + "#include <fcntl.h>\n#include <time.h>\nint main(void) {\n");
        for (Map.Entry<String, Object[]> s : STRUCTS.entrySet()) {
            String type = "struct " + s.getKey();
            src.append("printf(\"%s %zu\\n\", \"")
                    .append(s.getKey())
                    .append("\", sizeof(")
                    .append(type)
                    .append("));\n");
            for (int i = 1; i < s.getValue().length; i++) {
                String f = (String) s.getValue()[i];
                src.append("printf(\"%s %zu\\n\", \"")
                        .append(s.getKey())
                        .append('.')
                        .append(f)
                        .append("\", offsetof(")
                        .append(type)
                        .append(", ")
                        .append(f)
                        .append("));\n");
            }
        }
        src.append("printf(\"fuse_lowlevel_ops %zu\\n\", sizeof(struct fuse_lowlevel_ops));\n");
        src.append("struct fuse_file_info fi;\n");
        for (String b : BITS) {
            src.append("memset(&fi, 0, sizeof fi); fi.")
                    .append(b)
                    .append(" = 1; { unsigned int w; memcpy(&w, (char *) &fi + 4, 4);")
                    .append(" printf(\"bit.")
                    .append(b)
                    .append(" %u\\n\", w); }\n");
        }
        src.append("return 0; }\n");
        Path c = Files.writeString(dir.resolve("layouts.c"), src);
        Path exe = dir.resolve("layouts");
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-I/usr/include/fuse3", c.toString(), "-o", exe.toString())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            assumeTrue(false, "gcc installed");
            throw e;
        }
        String out = new String(gcc.getInputStream().readAllBytes());
        assertThat(gcc.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(gcc.exitValue()).as("gcc: %s", out).isZero();
        Process run = new ProcessBuilder(exe.toString()).start();
        Map<String, Long> values = new LinkedHashMap<>();
        for (String line : new String(run.getInputStream().readAllBytes()).split("\n")) {
            String[] kv = line.split(" ");
            values.put(kv[0], Long.parseLong(kv[1]));
        }
        assertThat(run.waitFor()).isZero();
        return values;
    }
}

package io.aetherfs.cli;

import com.google.protobuf.ProtocolMessageEnum;
import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** How values read in human output: short enum names, UTC times to the second, binary byte sizes. */
public final class Formats {
    private Formats() {}

    /** Returns an enum value's name without its type prefix ({@code SESSION_STATUS_ACTIVE} → {@code ACTIVE}). */
    public static String name(ProtocolMessageEnum value, String prefix) {
        if (value.getNumber() == 0) {
            return "";
        }
        String name = ((Enum<?>) value).name();
        return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
    }

    /** Returns a timestamp as {@code 2026-12-07T22:40:05Z}, or empty when unset. */
    public static String time(Timestamp t) {
        if (t.getSeconds() == 0 && t.getNanos() == 0) {
            return "";
        }
        return Instant.ofEpochSecond(t.getSeconds())
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
    }

    /** Returns a byte count as {@code 512 B}, {@code 1.5 KiB}, {@code 12.0 MiB}, ... */
    public static String bytes(double n) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        while (n >= 1024 && u < units.length - 1) {
            n /= 1024;
            u++;
        }
        return u == 0 ? String.format("%d B", (long) n) : String.format("%.1f %s", n, units[u]);
    }

    /** Returns a permission mode in octal ({@code 0644}). */
    public static String mode(int mode) {
        return String.format("%04o", mode & 07777);
    }

    /** Returns a map as {@code a=1,b=2} in key order. */
    public static String map(Map<String, String> map) {
        return new TreeMap<>(map)
                .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }
}

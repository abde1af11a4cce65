package io.aetherfs.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads proto enum values as people type them: without the type prefix, in any case ({@code active}). */
public final class EnumNames {
    private EnumNames() {}

    /**
     * Returns the value of {@code type} named {@code name} with or without {@code prefix}, in any case; throws
     * IllegalArgumentException (a usage error) listing the valid names otherwise, or for the zero value.
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String prefix, String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        try {
            E value = Enum.valueOf(type, upper.startsWith(prefix) ? upper : prefix + upper);
            if (valid(value)) {
                return value;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the message below
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            if (valid(e)) {
                names.add(e.name().substring(prefix.length()));
            }
        }
        throw new IllegalArgumentException("unknown value \"" + name + "\"; use one of " + String.join(", ", names));
    }

    private static boolean valid(Enum<?> value) {
        return !value.name().endsWith("_UNSPECIFIED") && !value.name().equals("UNRECOGNIZED");
    }
}

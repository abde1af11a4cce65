package io.aetherfs.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The value types of the configuration keys (strings, addresses, paths, numbers, choices, lists). */
final class ValueTypes {
    private ValueTypes() {}

    /** Any string, including the empty one. */
    static ValueType<String> string() {
        return of("a string", s -> s);
    }

    /** A {@code host:port} listen address. */
    static ValueType<HostPort> address() {
        return of("host:port", HostPort::parse);
    }

    /** A filesystem path (relative paths are resolved against the working directory when bound). */
    static ValueType<Path> path() {
        return of("a path", text -> {
            if (text.isEmpty()) {
                throw new IllegalArgumentException("expected a path, got an empty string");
            }
            try {
                return Path.of(text);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("expected a path: " + e.getReason());
            }
        });
    }

    /** A value of {@code type}, or empty when given as the empty string (the default of unset keys). */
    static <T> ValueType<Optional<T>> optional(ValueType<T> type) {
        return of(
                type.describe() + " or an empty string",
                text -> text.isEmpty() ? Optional.empty() : Optional.of(type.parse(text)));
    }

    /** A secret string (never shown in messages; its toString is redacted), or empty. */
    static ValueType<Optional<Secret>> optionalSecret() {
        return of("a string", text -> text.isEmpty() ? Optional.empty() : Optional.of(new Secret(text)));
    }

    /** A whole number in {@code [min, max]}. */
    static ValueType<Long> integer(long min, long max) {
        String range = max == Long.MAX_VALUE ? "an integer >= " + min : "an integer from " + min + " to " + max;
        return new ValueType<>() {
            @Override
            public Long parse(String text) {
                if (!text.matches("-?[0-9]{1,19}")) {
                    throw new IllegalArgumentException("expected " + range);
                }
                try {
                    return check(Long.parseLong(text));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected " + range);
                }
            }

            @Override
            public Long fromToml(JsonNode node) {
                if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                    throw new IllegalArgumentException("expected " + range + ", got " + ValueType.tomlKind(node));
                }
                return check(node.longValue());
            }

            private Long check(long v) {
                if (v < min || v > max) {
                    throw new IllegalArgumentException("expected " + range);
                }
                return v;
            }

            @Override
            public String describe() {
                return range;
            }
        };
    }

    /** A number (integer or decimal) in {@code [min, max]}. */
    static ValueType<Double> decimal(double min, double max) {
        String range = "a number from " + plain(min) + " to " + plain(max);
        return new ValueType<>() {
            @Override
            public Double parse(String text) {
                try {
                    return check(Double.parseDouble(text.strip()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected " + range);
                }
            }

            @Override
            public Double fromToml(JsonNode node) {
                if (!node.isNumber()) {
                    throw new IllegalArgumentException("expected " + range + ", got " + ValueType.tomlKind(node));
                }
                return check(node.doubleValue());
            }

            private Double check(double v) {
                if (!(v >= min && v <= max)) {
                    throw new IllegalArgumentException("expected " + range);
                }
                return v;
            }

            @Override
            public String describe() {
                return range;
            }
        };
    }

    private static String plain(double d) {
        return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** {@code true} or {@code false}. */
    static ValueType<Boolean> bool() {
        return new ValueType<>() {
            @Override
            public Boolean parse(String text) {
                return switch (text.toLowerCase(Locale.ROOT)) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw new IllegalArgumentException("expected true or false");
                };
            }

            @Override
            public Boolean fromToml(JsonNode node) {
                if (!node.isBoolean()) {
                    throw new IllegalArgumentException("expected true or false, got " + ValueType.tomlKind(node));
                }
                return node.booleanValue();
            }

            @Override
            public String describe() {
                return "true or false";
            }
        };
    }

    /** One of a fixed set of names (case-insensitive), mapped to {@code T}. */
    static <T> ValueType<T> choice(Map<String, T> byName) {
        String names = byName.keySet().stream().sorted().collect(Collectors.joining(", "));
        return of("one of " + names, text -> {
            T value = byName.get(text.toLowerCase(Locale.ROOT));
            if (value == null) {
                throw new IllegalArgumentException("expected one of " + names);
            }
            return value;
        });
    }

    /** A list: a TOML array of strings, or comma-separated text in environment variables and flags. */
    static <T> ValueType<List<T>> list(ValueType<T> element) {
        return new ValueType<>() {
            @Override
            public List<T> parse(String text) {
                List<T> out = new ArrayList<>();
                for (String item : text.split(",", -1)) {
                    if (!item.isBlank()) {
                        out.add(element.parse(item.strip()));
                    }
                }
                return List.copyOf(out);
            }

            @Override
            public List<T> fromToml(JsonNode node) {
                if (!node.isArray()) {
                    throw new IllegalArgumentException(
                            "expected an array of " + element.describe() + ", got " + ValueType.tomlKind(node));
                }
                List<T> out = new ArrayList<>();
                for (JsonNode item : node) {
                    out.add(element.fromToml(item));
                }
                return List.copyOf(out);
            }

            @Override
            public String describe() {
                return "a list of " + element.describe();
            }
        };
    }

    /** Returns a string-based type from a description and a parser. */
    static <T> ValueType<T> of(String description, Function<String, T> parser) {
        return new ValueType<>() {
            @Override
            public T parse(String text) {
                return parser.apply(text);
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }

    /** Returns a name-to-value map of choices from the names of {@code values}. */
    static <E extends Enum<E>> Map<String, E> names(Function<E, String> name, E[] values) {
        return Arrays.stream(values).collect(Collectors.toUnmodifiableMap(name, v -> v));
    }
}

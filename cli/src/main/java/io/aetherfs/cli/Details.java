package io.aetherfs.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The human form of one resource: {@code key: value} lines with aligned values, empty values left out. */
public final class Details {
    private final List<String[]> lines = new ArrayList<>();

    /** Adds a line unless {@code value} is null or empty. */
    public Details add(String key, Object value) {
        String text = value == null ? "" : value.toString();
        if (!text.isEmpty()) {
            lines.add(new String[] {key, text});
        }
        return this;
    }

    /** Prints the lines. */
    public void print(PrintStream out) {
        int width = lines.stream().mapToInt(l -> l[0].length()).max().orElse(0);
        for (String[] line : lines) {
            out.println(String.format("%-" + (width + 1) + "s %s", line[0] + ":", line[1]));
        }
    }
}

package io.aetherfs.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A human-readable table: a header row and left-aligned columns padded to their widest cell. */
public final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    /** Returns an empty table with these column headings. */
    public Table(String... headings) {
        this.columns = headings.length;
        rows.add(headings);
    }

    /** Adds a row; null cells print as empty. */
    public Table row(Object... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("a row of " + columns + " cells, got " + cells.length);
        }
        String[] text = new String[columns];
        for (int i = 0; i < columns; i++) {
            text[i] = cells[i] == null ? "" : cells[i].toString();
        }
        rows.add(text);
        return this;
    }

    /** Prints the table; the last column is not padded. */
    public void print(PrintStream out) {
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == columns - 1 ? row[i] : String.format("%-" + width[i] + "s  ", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}

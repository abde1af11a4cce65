package io.aetherfs.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import io.aetherfs.cli.GlobalOptions.OutputFormat;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * Prints results in the chosen format: with {@code --output json} the proto JSON of the resource (one
 * object, or an array for lists; fields at their default are omitted, as the HTTP API does), otherwise
 * the human form the command gives. Live streams ({@code tail}) print one compact JSON object per line.
 */
public final class Output {
    private static final com.google.protobuf.util.JsonFormat.Printer JSON =
            com.google.protobuf.util.JsonFormat.printer();
    private static final com.google.protobuf.util.JsonFormat.Printer JSON_LINE = JSON.omittingInsignificantWhitespace();

    private final PrintStream out;
    private final OutputFormat format;

    Output(PrintStream out, OutputFormat format) {
        this.out = out;
        this.format = format;
    }

    /** Returns whether results are printed as JSON. */
    public boolean json() {
        return format == OutputFormat.JSON;
    }

    /** Returns the stream results go to. */
    public PrintStream out() {
        return out;
    }

    /** Prints one resource: its JSON, or what {@code human} prints. */
    public <M extends MessageOrBuilder> void one(M message, Consumer<M> human) {
        if (json()) {
            out.println(toJson(message));
        } else {
            human.accept(message);
        }
        out.flush();
    }

    /** Prints one resource: its JSON, or {@code key: value} lines of {@code details}. */
    public void one(MessageOrBuilder message, Details details) {
        one(message, m -> details.print(out));
    }

    /** Prints a list: a JSON array of the resources, or {@code table}. */
    public void list(List<? extends MessageOrBuilder> messages, Table table) {
        if (json()) {
            out.println(toJsonArray(messages));
        } else {
            table.print(out);
        }
        out.flush();
    }

    /** Prints one item of a live stream: a JSON object on one line (NDJSON), or what {@code human} prints. */
    public <M extends MessageOrBuilder> void line(M message, Consumer<M> human) {
        if (json()) {
            try {
                out.println(JSON_LINE.print(message));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException(
                        "cannot print " + message.getClass().getSimpleName(), e);
            }
        } else {
            human.accept(message);
        }
        out.flush();
    }

    /** Returns the proto JSON of one message. */
    public static String toJson(MessageOrBuilder message) {
        try {
            return JSON.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Returns a JSON array of the proto JSON of each message. */
    public static String toJsonArray(List<? extends MessageOrBuilder> messages) {
        if (messages.isEmpty()) {
            return "[]";
        }
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < messages.size(); i++) {
            b.append(i == 0 ? "\n" : ",\n")
                    .append(toJson(messages.get(i)).indent(2).stripTrailing());
        }
        return b.append("\n]").toString();
    }
}

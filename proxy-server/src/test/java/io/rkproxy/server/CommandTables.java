package io.rkproxy.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The per-command tables of docs/commands.md: those whose header starts {@code | Command | Standalone pool |}. */
final class CommandTables {

    /** Surefire runs a module's tests in the module's directory. */
    static final Path COMMANDS = Path.of("..", "docs", "commands.md");
    private static final String HEADER_START = "| Command | Standalone pool |";

    /** One table: the {@code ## } section it is in, its header cells and its rows' cells, {@code \|} unescaped. */
    record Table(String section, List<String> header, List<List<String>> rows) {
    }

    private CommandTables() {
    }

    static String text() {
        try {
            return Files.readString(COMMANDS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + COMMANDS.toAbsolutePath(), e);
        }
    }

    static List<Table> read() {
        List<Table> tables = new ArrayList<>();
        String section = "";
        Table table = null;
        for (String line : text().split("\n")) {
            if (line.startsWith("## ")) {
                section = line.substring(3);
            }
            if (line.startsWith(HEADER_START)) {
                table = new Table(section, cells(line), new ArrayList<>());
                tables.add(table);
            } else if (table != null && line.startsWith("| ")) {
                table.rows().add(cells(line));
            } else if (!line.startsWith("|---")) {
                table = null;
            }
        }
        return tables;
    }

    /** The cells of {@code | a | b \| c |}: {@code a}, {@code b | c}. */
    static List<String> cells(String line) {
        String inner = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
        return Arrays.stream(inner.split("(?<!\\\\)\\|", -1)).map(c -> c.strip().replace("\\|", "|")).toList();
    }
}

package io.rkproxy.server;

import java.util.List;
import java.util.stream.Collectors;

/** One way of calling a command: its arguments; the id names it in the messages it may publish. */
record CommandForm(int id, ProbedCommand command, List<String> args) {

    /** Commands as they are sent, one after the other, quoted where an argument needs it and cut where one is long. */
    static String lines(List<List<String>> commands) {
        return commands.stream().map(CommandForm::line).collect(Collectors.joining(" ; "));
    }

    private static String line(List<String> args) {
        return args.stream().map(CommandForm::quote).collect(Collectors.joining(" "));
    }

    private static String quote(String arg) {
        String shown = arg.length() > 60 ? arg.substring(0, 60) + "..." : arg;
        boolean plain = !shown.isEmpty() && shown.chars().allMatch(c -> c > ' ' && c < 127 && c != '"');
        if (plain) {
            return shown;
        }
        StringBuilder sb = new StringBuilder("\"");
        shown.chars().forEach(c -> sb.append(c >= ' ' && c < 127 && c != '"' && c != '\\' ? String.valueOf((char) c)
                : String.format("\\x%02x", c)));
        return sb.append('"').toString();
    }
}

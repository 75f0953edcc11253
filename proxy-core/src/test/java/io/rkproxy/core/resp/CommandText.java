package io.rkproxy.core.resp;

/** Commands written as words separated by single spaces, for tests: no argument holds a space or is empty. */
public final class CommandText {

    private CommandText() {
    }

    public static RespCommand parse(String line) {
        return RespCommand.of(line.split(" "));
    }

    /** The command's arguments joined by spaces; does not release it. */
    public static String of(RespCommand command) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < command.argCount(); i++) {
            sb.append(i == 0 ? "" : " ").append(command.argString(i));
        }
        return sb.toString();
    }
}

package io.rkproxy.core.command;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.resp.RespCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code COPY src dst DB n} names a backend db, but a tenant sees only its own db as db 0. {@code DB 0} is dropped
 * (the copy stays in the tenant's db); any other index is out of range, as for SELECT.
 */
public final class CopyDbOption {

    private CopyDbOption() {
    }

    public static boolean applies(RespCommand command) {
        return command.name().equals("copy") && dbOptionIndex(command) > 0;
    }

    /** The command without its {@code DB 0} option, or the error to reply with. */
    public static Rewrite rewrite(RespCommand command) {
        int at = dbOptionIndex(command);
        if (at + 1 >= command.argCount()) {
            return new Rewrite(null, Optional.of(RespErrors.syntax()));
        }
        String index = command.argString(at + 1);
        if (!index.equals("0")) {
            return new Rewrite(null, Optional.of(index.matches("-?\\d+")
                    ? RespErrors.DB_OUT_OF_RANGE : "ERR value is not an integer or out of range"));
        }
        List<byte[]> args = new ArrayList<>();
        for (int i = 0; i < command.argCount(); i++) {
            if (i != at && i != at + 1) {
                args.add(command.argBytes(i));
            }
        }
        return new Rewrite(RespCommand.of(args.toArray(byte[][]::new)), Optional.empty());
    }

    /** Either a new command (owned by the caller) or an error. */
    public record Rewrite(RespCommand command, Optional<String> error) {
    }

    private static int dbOptionIndex(RespCommand command) {
        for (int i = 3; i < command.argCount(); i++) {
            if (command.argEqualsIgnoreCase(i, "db")) {
                return i;
            }
        }
        return -1;
    }
}

package io.rkproxy.core.command;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.resp.RespCommand;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code COPY src dst [DB n] [REPLACE]} names a backend db, but a tenant sees only its own db as db 0. Redis takes
 * the last of repeated options, so every {@code DB} option is checked: when all say 0 they are dropped (the copy
 * stays in the tenant's db); any other index is out of range, as for SELECT.
 */
public final class CopyDbOption {

    private CopyDbOption() {
    }

    public static boolean applies(RespCommand command) {
        if (!command.name().equals("copy")) {
            return false;
        }
        for (int i = 3; i < command.argCount(); i++) {
            if (command.argEqualsIgnoreCase(i, "db")) {
                return true;
            }
        }
        return false;
    }

    /** The command without its {@code DB 0} options, or the error to reply with. */
    public static CommandRewrite rewrite(RespCommand command) {
        List<byte[]> args = new ArrayList<>();
        for (int i = 0; i < command.argCount(); i++) {
            if (i >= 3 && command.argEqualsIgnoreCase(i, "db")) {
                if (i + 1 >= command.argCount()) {
                    return CommandRewrite.error(RespErrors.syntax());
                }
                String index = command.argString(i + 1);
                if (!index.equals("0")) {
                    return CommandRewrite.error(index.matches("-?\\d+")
                            ? RespErrors.DB_OUT_OF_RANGE : "ERR value is not an integer or out of range");
                }
                i++;
            } else {
                args.add(command.argBytes(i));
            }
        }
        return CommandRewrite.to(RespCommand.of(args.toArray(byte[][]::new)));
    }
}

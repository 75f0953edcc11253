package io.rkproxy.redis;

import io.rkproxy.core.resp.RespCommand;
import java.util.function.Predicate;

/** Commands for tests that only look at one. */
public final class Commands {

    private Commands() {
    }

    /** Whether {@code check} holds for the command of {@code args}, which is released after. */
    public static boolean test(Predicate<RespCommand> check, String... args) {
        RespCommand command = RespCommand.of(args);
        try {
            return check.test(command);
        } finally {
            command.release();
        }
    }
}

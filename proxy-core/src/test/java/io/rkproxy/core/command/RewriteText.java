package io.rkproxy.core.command;

import io.rkproxy.core.resp.RespCommand;
import java.util.function.Function;

/** A rewrite of a command given as words, as words again (or the error text), for assertions. */
final class RewriteText {

    private RewriteText() {
    }

    static String of(Function<RespCommand, CommandRewrite> rewriter, String... args) {
        RespCommand command = RespCommand.of(args);
        try {
            CommandRewrite rewrite = rewriter.apply(command);
            if (rewrite.error().isPresent()) {
                return rewrite.error().get();
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < rewrite.command().argCount(); i++) {
                sb.append(i == 0 ? "" : " ").append(rewrite.command().argString(i));
            }
            rewrite.command().release();
            return sb.toString();
        } finally {
            command.release();
        }
    }
}

package io.rkproxy.core.command;

import io.rkproxy.core.resp.RespCommand;
import java.util.Optional;

/** What the proxy sends instead of a client's command (owned by the caller), or the error to reply with. */
public record CommandRewrite(RespCommand command, Optional<String> error) {

    static CommandRewrite to(RespCommand command) {
        return new CommandRewrite(command, Optional.empty());
    }

    static CommandRewrite error(String error) {
        return new CommandRewrite(null, Optional.of(error));
    }
}

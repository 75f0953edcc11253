package io.rkproxy.core.session;

import java.util.Map;

/** The registry of proxy-answered commands, by lower-case name. */
final class LocalCommands {

    private static final Map<String, LocalCommand> COMMANDS = Map.of(
            "auth", new AuthCommand(),
            "hello", new HelloCommand(),
            "quit", new QuitCommand(),
            "ping", new PingCommand(),
            "echo", new EchoCommand(),
            "select", new SelectCommand(),
            "reset", new ResetCommand(),
            "client", new ClientCommand(),
            "info", new InfoCommand(),
            "command", new CommandCommand());

    private LocalCommands() {
    }

    static LocalCommand get(String name) {
        return COMMANDS.get(name);
    }
}

package io.rkproxy.core.local;

import io.rkproxy.core.route.LocalCommand;
import java.util.Map;

/** The registry of proxy-answered commands, by lower-case name. */
public final class LocalCommands {

    private static final Map<String, LocalCommand> COMMANDS = Map.ofEntries(
            Map.entry("auth", new AuthCommand()),
            Map.entry("hello", new HelloCommand()),
            Map.entry("quit", new QuitCommand()),
            Map.entry("ping", new PingCommand()),
            Map.entry("echo", new EchoCommand()),
            Map.entry("select", new SelectCommand()),
            Map.entry("reset", new ResetCommand()),
            Map.entry("client", new ClientCommand()),
            Map.entry("info", new InfoCommand()),
            Map.entry("command", new CommandCommand()),
            Map.entry("proxy", new ProxyCommand()),
            Map.entry("use", new UseCommand()),
            Map.entry("config", new ConfigCommand()),
            Map.entry("acl", new AclCommand()),
            Map.entry("monitor", new MonitorCommand()),
            Map.entry("role", new RoleCommand()),
            Map.entry("cluster", new ClusterCommand()),
            Map.entry("lastsave", ServerQuery.whole()),
            Map.entry("module", ServerQuery.subcommands("list", "help")),
            Map.entry("slowlog", new SlowlogCommand()),
            Map.entry("latency", new LatencyCommand()));

    private LocalCommands() {
    }

    public static LocalCommand get(String name) {
        return COMMANDS.get(name);
    }
}

package io.rkproxy.server;

import io.rkproxy.testkit.RespSocket;
import java.util.List;

/**
 * The keys of a command as a redis-server finds them ({@code COMMAND GETKEYS}), over a connection of its own that is
 * never inside a transaction; none when Redis cannot tell (an unknown command, a bad key count).
 */
final class CommandKeys implements AutoCloseable {

    private final RespSocket socket;

    CommandKeys(int redisPort) {
        this.socket = new RespSocket(redisPort);
    }

    List<String> of(List<String> command) {
        String[] args = new String[command.size() + 2];
        args[0] = "COMMAND";
        args[1] = "GETKEYS";
        for (int i = 0; i < command.size(); i++) {
            args[i + 2] = command.get(i);
        }
        String reply = socket.call(args);
        return reply.startsWith("-") ? List.of() : reply.lines().toList();
    }

    @Override
    public void close() {
        socket.close();
    }
}

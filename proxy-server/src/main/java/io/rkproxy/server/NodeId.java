package io.rkproxy.server;

import io.rkproxy.core.config.ServerConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A name for this proxy process in the fleet, its metrics and its logs: {@code server.node-id} when set, else the
 * host name and the port, so that a restarted node keeps its name. Only a node on an ephemeral port (0) gets a random
 * suffix instead, new at every start.
 */
final class NodeId {

    private NodeId() {
    }

    static String of(ServerConfig server) {
        if (!server.nodeId().isEmpty()) {
            return server.nodeId();
        }
        String suffix = server.port() == 0 ? HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt())
                : Integer.toString(server.port());
        return hostName() + "-" + suffix;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}

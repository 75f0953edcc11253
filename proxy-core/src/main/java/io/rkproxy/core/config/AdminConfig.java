package io.rkproxy.core.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The {@code admin:} section: where the HTTP console listens. Absent, the console is off.
 *
 * @param token the Bearer token every request must carry; required unless the console listens on loopback only
 */
public record AdminConfig(boolean enabled, String bind, int port, Optional<String> token) {

    public static final int DEFAULT_PORT = 8380;
    public static final AdminConfig DISABLED = new AdminConfig(false, ServerConfig.DEFAULT_BIND, DEFAULT_PORT,
            Optional.empty());

    static AdminConfig read(ConfigNode parent) {
        if (!parent.has("admin")) {
            return DISABLED;
        }
        ConfigNode node = parent.child("admin");
        boolean enabled = node.bool("enabled", true);
        String bind = node.string("bind", ServerConfig.DEFAULT_BIND);
        int port = node.integer("port", DEFAULT_PORT, 0, 65535);
        Optional<String> token = Optional.ofNullable(node.string("token", null));
        node.rejectUnknownKeys();
        if (token.isPresent() && token.get().length() < 16) {
            node.problem("token", "must be at least 16 characters");
        }
        if (enabled && token.isEmpty() && !isLoopback(bind)) {
            node.problem("token", "is required when the console listens on '" + bind + "', which is not loopback");
        }
        return new AdminConfig(enabled, bind, port, token);
    }

    private static boolean isLoopback(String bind) {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

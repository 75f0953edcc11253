package io.rkproxy.client.discovery;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A live rkproxy node as it registered itself in ZooKeeper: its node id (the znode's name) and address. */
public record ProxyNode(String id, String host, int port) {

    /** {@code address: host:port} in YAML (block or flow) or JSON, quoted or not. */
    private static final Pattern ADDRESS_ENTRY =
            Pattern.compile("(?:^|[\\s{,])[\"']?address[\"']?\\s*:\\s*[\"']?([^\"'\\s,}]+)");

    /**
     * The node a registration znode describes. rkproxy writes a small YAML map ({@code address}, {@code version},
     * {@code started}); this reads only the address, leniently, so that other fields, formats or versions do not
     * matter. Empty when the data holds no usable address.
     */
    static Optional<ProxyNode> fromRegistration(String id, byte[] data) {
        if (data == null) {
            return Optional.empty();
        }
        Matcher entry = ADDRESS_ENTRY.matcher(new String(data, StandardCharsets.UTF_8));
        return entry.find() ? fromAddress(id, entry.group(1)) : Optional.empty();
    }

    private static Optional<ProxyNode> fromAddress(String id, String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(address.substring(colon + 1));
            return port > 0 && port < 65536 ? Optional.of(new ProxyNode(id, host, port)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** {@code host:port}. */
    public String address() {
        return host + ":" + port;
    }
}

package io.rkproxy.core.config;

import java.util.Optional;

/** A backend or listen address: host and port. */
public record Address(String host, int port) {

    /** Parses {@code host:port} or {@code [ipv6]:port}; empty when it is not a valid address. */
    public static Optional<Address> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf("]:");
            if (close < 0) {
                return Optional.empty();
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || text.indexOf(':') != colon) {
                return Optional.empty();
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            return Optional.empty();
        }
        try {
            int p = Integer.parseInt(port);
            return p >= 1 && p <= 65535 ? Optional.of(new Address(host, p)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}

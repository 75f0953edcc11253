package io.rkproxy.admin;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.util.Locale;

/**
 * What the console reads from a request's {@code Host} and {@code Origin} headers to tell a browser tricked by another
 * site from the operator's. Names are never resolved: with DNS rebinding the attacker's own name resolves to
 * 127.0.0.1, so only the literal text of the header can say whether the page that sent it was the console's.
 */
final class HostHeader {

    private HostHeader() {
    }

    /** Whether {@code host} ({@code name[:port]}) is {@code localhost} or a literal loopback address. */
    static boolean namesLoopback(String host) {
        String name = withoutPort(host.strip());
        if (name.equalsIgnoreCase("localhost")) {
            return true;
        }
        InetAddress literal = NetUtil.createInetAddressFromIpAddressString(name);
        return literal != null && literal.isLoopbackAddress();
    }

    /** Whether an {@code Origin} ({@code scheme://host[:port]}) names the same host and port as {@code host}. */
    static boolean originMatches(String origin, String host) {
        int scheme = origin.indexOf("://");
        return host != null && scheme > 0
                && origin.substring(scheme + 3).strip().toLowerCase(Locale.ROOT)
                        .equals(host.strip().toLowerCase(Locale.ROOT));
    }

    private static String withoutPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(1, end);
        }
        int colon = host.indexOf(':');
        return colon < 0 || host.indexOf(':', colon + 1) >= 0 ? host : host.substring(0, colon);
    }
}

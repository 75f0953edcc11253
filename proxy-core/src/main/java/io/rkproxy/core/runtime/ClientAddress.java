package io.rkproxy.core.runtime;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * What the proxy counts a client by, for its per-address limits: an IPv4 address, or the /64 network of an IPv6
 * one, since a single host is commonly given a whole /64 and could otherwise take a fresh address per connection.
 */
public final class ClientAddress {

    private static final int IPV6_NETWORK_BYTES = 8;

    private ClientAddress() {
    }

    public static InetAddress of(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] network = Arrays.copyOf(address.getAddress(), 16);
        Arrays.fill(network, IPV6_NETWORK_BYTES, network.length, (byte) 0);
        try {
            return InetAddress.getByAddress(network);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }

    /** How a counted address is shown: {@code 10.1.2.3}, or {@code 2001:db8:0:1:0:0:0:0/64}. */
    static String show(InetAddress address) {
        return address instanceof Inet6Address ? address.getHostAddress() + "/64" : address.getHostAddress();
    }
}

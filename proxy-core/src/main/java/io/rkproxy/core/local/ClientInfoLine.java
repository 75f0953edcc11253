package io.rkproxy.core.local;

import io.rkproxy.core.route.ClientInfo;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * One line of CLIENT LIST / CLIENT INFO in Redis 7's field order, from the proxy's own view of a session. Fields
 * that describe Redis's buffers have no meaning here and are 0; {@code user} is the tenant.
 */
public final class ClientInfoLine {

    private ClientInfoLine() {
    }

    public static String format(ClientInfo s, String tenant, boolean inTransaction, long nowNanos) {
        String name = s.clientName();
        return "id=" + s.id()
                + " addr=" + address(s.channel().remoteAddress())
                + " laddr=" + address(s.channel().localAddress())
                + " fd=-1 name=" + (name == null ? "" : name)
                + " age=" + s.ageSeconds(nowNanos)
                + " idle=" + s.idleSeconds(nowNanos)
                + " flags=" + flags(s, inTransaction)
                + " db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0"
                + " obl=0 oll=0 omem=0 tot-mem=0 events=r"
                + " cmd=" + s.lastCommand()
                + " user=" + (tenant == null ? "" : tenant)
                + " redir=-1 resp=" + s.protocol().version();
    }

    /** Redis's flag letters that apply to a proxy session, in Redis's order; N for none. */
    private static String flags(ClientInfo s, boolean inTransaction) {
        String flags = (s.monitoring() ? "O" : "") + (inTransaction ? "x" : "") + (s.noEvict() ? "e" : "");
        return flags.isEmpty() ? "N" : flags;
    }

    /** {@code ip:port} as CLIENT LIST writes it. */
    static String address(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}

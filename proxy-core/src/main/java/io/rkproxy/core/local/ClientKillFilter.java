package io.rkproxy.core.local;

import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.runtime.ClientView;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The filters of {@code CLIENT KILL <filter> <value> ...}: ID, ADDR, LADDR, USER, TYPE, SKIPME and MAXAGE, as
 * Redis 7 reads them. The caller applies them to the tenant's own sessions only.
 */
final class ClientKillFilter {

    private ClientKillFilter() {
    }

    /** The filter for arguments from index 2 on, or empty when they do not parse. */
    static Optional<Predicate<ClientView>> parse(RespCommand command, long callerId, long nowNanos) {
        Predicate<ClientView> filter = s -> true;
        boolean skipMe = true;
        for (int i = 2; i < command.argCount(); i += 2) {
            if (i + 1 >= command.argCount()) {
                return Optional.empty();
            }
            String value = command.argString(i + 1);
            switch (command.argString(i).toLowerCase(Locale.ROOT)) {
                case "id" -> {
                    try {
                        long id = Long.parseLong(value);
                        filter = filter.and(s -> s.id() == id);
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                }
                case "addr" -> filter = filter.and(s -> address(s, true).equals(value));
                case "laddr" -> filter = filter.and(s -> address(s, false).equals(value));
                case "user" -> filter = filter.and(s -> value.equals(s.tenantName()));
                case "type" -> {
                    String type = value.toLowerCase(Locale.ROOT);
                    if (!type.equals("normal") && !type.equals("master") && !type.equals("replica")
                            && !type.equals("slave") && !type.equals("pubsub")) {
                        return Optional.empty();
                    }
                    filter = filter.and(s -> type.equals("normal"));
                }
                case "skipme" -> {
                    if (!value.equalsIgnoreCase("yes") && !value.equalsIgnoreCase("no")) {
                        return Optional.empty();
                    }
                    skipMe = value.equalsIgnoreCase("yes");
                }
                case "maxage" -> {
                    try {
                        long maxAge = Long.parseLong(value);
                        filter = filter.and(s -> s.ageSeconds(nowNanos) >= maxAge);
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        if (skipMe) {
            filter = filter.and(s -> s.id() != callerId);
        }
        return Optional.of(filter);
    }

    private static String address(ClientView s, boolean remote) {
        return ClientInfoLine.address(remote ? s.channel().remoteAddress() : s.channel().localAddress());
    }
}

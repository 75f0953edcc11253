package io.rkproxy.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a reply to the attacker gives something of others away: the victim's token (a canary value, a hidden key
 * or channel name), or a keyspace listing beyond the attacker's own db (INFO's {@code db<n>:keys=...} lines: on a
 * standalone pool only the tenant's own, shown as {@code db0}; on a cluster none, since a node's count is every
 * tenant's).
 */
final class LeakInspector {

    private static final Pattern KEYSPACE_LINE = Pattern.compile("db(\\d+):keys=");

    private final String token;
    private final PoolKind kind;

    LeakInspector(String token, PoolKind kind) {
        this.token = token;
        this.kind = kind;
    }

    Optional<String> leak(String reply) {
        int at = reply.indexOf(token);
        if (at >= 0) {
            return Optional.of("the reply holds the victim's secret: ..." + excerpt(reply, at) + "...");
        }
        List<String> dbs = new ArrayList<>();
        Matcher m = KEYSPACE_LINE.matcher(reply);
        while (m.find()) {
            dbs.add("db" + m.group(1));
        }
        boolean beyondOwn = kind == PoolKind.CLUSTER ? !dbs.isEmpty() : dbs.size() > 1 || dbs.stream()
                .anyMatch(db -> !db.equals("db0"));
        return beyondOwn ? Optional.of("the reply lists the backend's keyspace: " + dbs) : Optional.empty();
    }

    private static String excerpt(String reply, int at) {
        String around = reply.substring(Math.max(0, at - 60), Math.min(reply.length(), at + 60));
        return around.replace("\r", "\\r").replace("\n", "\\n");
    }
}

package io.rkproxy.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.BinaryOperator;

/**
 * The backend at one moment, read by its operator: every key but the attacker's, and the replies to a few
 * server-wide queries on each node (function libraries, ACL users, config, the victim's script and subscriptions).
 */
final class BackendSnapshot {

    private static final long TTL_SLACK_MILLIS = 5000;

    private final Map<String, KeyState> keys;
    private final Map<String, String> server;
    private final long takenAtMillis;

    BackendSnapshot(Map<String, KeyState> keys, Map<String, String> server) {
        this(keys, server, System.currentTimeMillis());
    }

    private BackendSnapshot(Map<String, KeyState> keys, Map<String, String> server, long takenAtMillis) {
        this.keys = Map.copyOf(keys);
        this.server = Map.copyOf(server);
        this.takenAtMillis = takenAtMillis;
    }

    /** The same moment with each server-wide reply put through {@code edit}, given the query and the reply. */
    BackendSnapshot withServerReplies(BinaryOperator<String> edit) {
        Map<String, String> edited = new HashMap<>();
        server.forEach((query, reply) -> edited.put(query, edit.apply(query, reply)));
        return new BackendSnapshot(keys, edited, takenAtMillis);
    }

    Collection<KeyState> keys() {
        return keys.values();
    }

    long takenAtMillis() {
        return takenAtMillis;
    }

    /** What differs from {@code baseline}, one line each; empty when nothing does. */
    List<String> changesSince(BackendSnapshot baseline) {
        List<String> changes = new ArrayList<>();
        long elapsed = takenAtMillis - baseline.takenAtMillis;
        TreeSet<String> names = new TreeSet<>(baseline.keys.keySet());
        names.addAll(keys.keySet());
        for (String name : names) {
            KeyState before = baseline.keys.get(name);
            KeyState now = keys.get(name);
            if (now == null) {
                changes.add(name + " was deleted");
            } else if (before == null) {
                changes.add(name + " appeared");
            } else {
                String change = now.changeFrom(before, elapsed, TTL_SLACK_MILLIS);
                if (change != null) {
                    changes.add(name + ": " + change);
                }
            }
        }
        TreeSet<String> queries = new TreeSet<>(baseline.server.keySet());
        queries.addAll(server.keySet());
        for (String query : queries) {
            if (!Objects.equals(baseline.server.get(query), server.get(query))) {
                changes.add(query + " changed: " + abbreviate(baseline.server.get(query)) + " -> "
                        + abbreviate(server.get(query)));
            }
        }
        return changes;
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "(none)";
        }
        String flat = text.replace("\n", " ");
        return flat.length() > 120 ? flat.substring(0, 120) + "..." : flat;
    }
}

package io.rkproxy.server;

/**
 * A tenant of a probe: its name and password, the backend db it owns on a standalone pool (-1 on a cluster), and the
 * key prefix it owns on a cluster ("" on a standalone pool). Its channels are under {@code <name>:} on both.
 */
record ProbeTenant(String name, String password, int db, String keyPrefix) {

    String channelPrefix() {
        return name + ":";
    }

    /** A key as the backend holds it. */
    String backendKey(String key) {
        return keyPrefix + key;
    }
}

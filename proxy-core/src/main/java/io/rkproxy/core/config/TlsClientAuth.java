package io.rkproxy.core.config;

import java.util.Arrays;
import java.util.Optional;

/** Whether the TLS listener asks clients for a certificate ({@code server.tls.client-auth}). */
public enum TlsClientAuth {
    /** No client certificate is asked for. */
    NONE("none"),
    /** A client may present one; it must then verify against {@code ca-file}. */
    OPTIONAL("optional"),
    /** Every client must present one that verifies against {@code ca-file}. */
    REQUIRE("require");

    private final String key;

    TlsClientAuth(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    static Optional<TlsClientAuth> fromKey(String key) {
        return Arrays.stream(values()).filter(a -> a.key.equals(key)).findFirst();
    }
}

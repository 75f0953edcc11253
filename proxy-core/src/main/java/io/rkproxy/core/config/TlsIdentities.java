package io.rkproxy.core.config;

import java.util.List;

/**
 * A tenant's {@code tls-identity}: the client certificates that authenticate as the tenant without AUTH, each
 * named by the certificate's subject common name ({@code CN=alice}) or one of its subject alternative names
 * ({@code DNS:alice.example}, {@code URI:spiffe://example/alice}, {@code EMAIL:alice@example}, {@code IP:10.0.0.7}).
 */
public final class TlsIdentities {

    public static final String KEY = "tls-identity";
    public static final String COMMON_NAME = "CN=";
    public static final String DNS = "DNS:";
    public static final String URI = "URI:";
    public static final String EMAIL = "EMAIL:";
    public static final String IP = "IP:";
    private static final List<String> FORMS = List.of(COMMON_NAME, DNS, URI, EMAIL, IP);

    private TlsIdentities() {
    }

    /** The tenant's identities, one string or a list; empty when it has none. */
    static List<String> read(ConfigNode tenant) {
        Object raw = tenant.raw(KEY);
        List<String> identities = raw instanceof List ? tenant.stringList(KEY)
                : raw == null ? List.of() : List.of(tenant.string(KEY, ""));
        for (String identity : identities) {
            if (FORMS.stream().noneMatch(form -> identity.startsWith(form) && identity.length() > form.length())) {
                tenant.problem(KEY, "'" + identity + "' names no certificate identity; use one of " + FORMS
                        + " followed by the name");
            }
        }
        return List.copyOf(identities);
    }
}

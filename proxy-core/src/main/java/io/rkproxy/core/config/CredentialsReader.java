package io.rkproxy.core.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a tenant's passwords: one as {@code password} or {@code password-sha256}, or several (during a rotation) as
 * {@code passwords} and {@code passwords-sha256}, two lists that may be combined. The one-password keys and the lists
 * are not mixed, so that a tenant's passwords are all in one place.
 */
final class CredentialsReader {

    private static final String PLAIN = "password";
    private static final String HASHED = "password-sha256";
    private static final String PLAIN_LIST = "passwords";
    private static final String HASHED_LIST = "passwords-sha256";

    private CredentialsReader() {
    }

    static Credentials read(String tenant, ConfigNode node) {
        boolean one = node.has(PLAIN) || node.has(HASHED);
        boolean several = node.has(PLAIN_LIST) || node.has(HASHED_LIST);
        if (one && several) {
            node.problem(PLAIN_LIST, "set password or password-sha256 for one password, or passwords and "
                    + "passwords-sha256 for several, not both forms");
            return Credentials.none();
        }
        if (!one && !several) {
            if (!TenantConfig.DEFAULT_TENANT.equals(tenant) && !node.has(TlsIdentities.KEY)) {
                node.problem(PLAIN, "is required (only the tenant named 'default', or one with a "
                        + TlsIdentities.KEY + ", may have none)");
            }
            return Credentials.none();
        }
        List<PasswordHash> hashes = new ArrayList<>();
        if (one) {
            readOne(node, hashes);
        } else {
            readList(node, PLAIN_LIST, false, hashes);
            readList(node, HASHED_LIST, true, hashes);
        }
        Set<PasswordHash> distinct = new HashSet<>(hashes);
        if (distinct.size() < hashes.size()) {
            node.problem(PLAIN_LIST, "lists the same password twice (plain or hashed)");
        }
        return Credentials.of(distinct);
    }

    private static void readOne(ConfigNode node, List<PasswordHash> out) {
        if (node.has(PLAIN) && node.has(HASHED)) {
            node.problem(PLAIN, "set password or password-sha256, not both");
            return;
        }
        String key = node.has(PLAIN) ? PLAIN : HASHED;
        if (node.raw(key) instanceof List) {
            node.problem(key, "holds one password; list several under '" + key.replace(PLAIN, PLAIN_LIST) + "'");
            return;
        }
        String value = node.string(key, null);
        if (value != null) {
            add(node, key, value, key.equals(HASHED), out);
        }
    }

    private static void readList(ConfigNode node, String key, boolean hashed, List<PasswordHash> out) {
        if (!node.has(key)) {
            return;
        }
        List<String> values = node.stringList(key);
        if (values.isEmpty() && node.raw(key) instanceof List) {
            node.problem(key, "must list at least one password");
        }
        for (String value : values) {
            add(node, key, value, hashed, out);
        }
    }

    private static void add(ConfigNode node, String key, String value, boolean hashed, List<PasswordHash> out) {
        if (hashed) {
            try {
                out.add(PasswordHash.ofHex(value));
            } catch (IllegalArgumentException e) {
                node.problem(key, e.getMessage());
            }
        } else if (value.isEmpty()) {
            node.problem(key, key.equals(PLAIN) ? "must not be empty" : "must not hold an empty password");
        } else {
            out.add(PasswordHash.ofPlain(value));
        }
    }
}

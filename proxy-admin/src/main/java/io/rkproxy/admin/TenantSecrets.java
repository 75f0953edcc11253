package io.rkproxy.admin;

import io.rkproxy.core.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The password keys of a tenant entry and what the console does with them. A password the console generates is
 * shown once and stored only as its SHA-256 ({@code passwords-sha256}, newest first), so neither the file nor the
 * znode holds it in clear. The page never sees a stored password or hash: it edits the other keys, and the stored
 * ones are carried over.
 */
final class TenantSecrets {

    static final String PASSWORD = "password";
    static final String PASSWORDS = "passwords";
    static final String PASSWORD_SHA256 = "password-sha256";
    static final String PASSWORDS_SHA256 = "passwords-sha256";
    static final Set<String> KEYS = Set.of(PASSWORD, PASSWORDS, PASSWORD_SHA256, PASSWORDS_SHA256);
    /** What the audit log and the API show in place of a password or a hash. */
    static final String MASK = "***";
    private static final int PASSWORD_BYTES = 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    private TenantSecrets() {
    }

    /** A new random password: 24 bytes, URL-safe Base64. */
    static String generate() {
        byte[] bytes = new byte[PASSWORD_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String password) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** {@code entry} with every password and hash replaced by {@link #MASK}; null stays null. */
    static Map<String, Object> masked(Object entry) {
        if (!(entry instanceof Map<?, ?> map)) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((key, value) -> out.put(String.valueOf(key), !KEYS.contains(String.valueOf(key)) ? value
                : value instanceof List<?> list ? list.stream().map(v -> MASK).toList() : MASK));
        return out;
    }

    /** {@code entry} without its password keys. */
    static Map<String, Object> withoutSecrets(Object entry) {
        Map<String, Object> out = copy(entry);
        out.keySet().removeAll(KEYS);
        return out;
    }

    /** How many passwords the entry holds, plain and hashed. */
    static int count(Object entry) {
        Map<String, Object> map = copy(entry);
        int n = 0;
        for (String key : KEYS) {
            Object value = map.get(key);
            n += value instanceof List<?> list ? list.size() : value == null ? 0 : 1;
        }
        return n;
    }

    /** {@code edited} (no password keys) with the password keys of {@code stored}. */
    static Map<String, Object> carryOver(Map<String, Object> edited, Object stored) {
        Map<String, Object> secrets = new LinkedHashMap<>();
        copy(stored).forEach((key, value) -> {
            if (KEYS.contains(key)) {
                secrets.put(key, value);
            }
        });
        return withSecrets(secrets, edited);
    }

    /** {@code secrets} then the other keys of {@code entry}: passwords first, as a config is usually written. */
    private static Map<String, Object> withSecrets(Map<String, Object> secrets, Object entry) {
        Map<String, Object> out = new LinkedHashMap<>(secrets);
        out.putAll(withoutSecrets(entry));
        return out;
    }

    /** {@code entry} with {@code password} as its only password. */
    static Map<String, Object> replaced(Object entry, String password) {
        return withSecrets(Map.of(PASSWORD_SHA256, sha256(password)), entry);
    }

    /**
     * {@code entry} with {@code password} added in front of the ones it has, which keep working: a rotation's first
     * step. The singular keys become lists, since the plural ones may not be combined with them.
     */
    static Map<String, Object> added(Object entry, String password) {
        Map<String, Object> stored = copy(entry);
        List<Object> plain = list(stored, PASSWORD, PASSWORDS);
        List<Object> hashes = list(stored, PASSWORD_SHA256, PASSWORDS_SHA256);
        hashes.add(0, sha256(password));
        Map<String, Object> secrets = new LinkedHashMap<>();
        if (!plain.isEmpty()) {
            secrets.put(PASSWORDS, plain);
        }
        secrets.put(PASSWORDS_SHA256, hashes);
        return withSecrets(secrets, entry);
    }

    /**
     * {@code entry} with only its newest password: the first of {@code passwords-sha256} (where the console puts
     * the ones it adds), else the first of {@code passwords}; a rotation's last step.
     *
     * @throws ConfigException it has one password or none: refused, as the editor takes a null entry for a delete
     */
    static Map<String, Object> newestOnly(Object entry) throws ConfigException {
        if (count(entry) < 2) {
            throw new ConfigException("the tenant has one password; nothing to remove");
        }
        Map<String, Object> stored = copy(entry);
        List<Object> hashes = list(stored, PASSWORD_SHA256, PASSWORDS_SHA256);
        return withSecrets(!hashes.isEmpty() && stored.containsKey(PASSWORDS_SHA256)
                ? Map.of(PASSWORD_SHA256, hashes.get(0))
                : Map.of(PASSWORD, list(stored, PASSWORD, PASSWORDS).get(0)), entry);
    }

    private static List<Object> list(Map<String, Object> entry, String single, String several) {
        List<Object> out = new ArrayList<>();
        if (entry.get(several) instanceof List<?> values) {
            out.addAll(values);
        }
        if (entry.containsKey(single)) {
            out.add(entry.get(single));
        }
        return out;
    }

    static Map<String, Object> copy(Object entry) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (entry instanceof Map<?, ?> map) {
            map.forEach((key, value) -> out.put(String.valueOf(key), value));
        }
        return out;
    }
}

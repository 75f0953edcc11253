package io.rkproxy.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The console's token check: with a token configured a request must carry {@code Authorization: Bearer <token>}.
 * Both sides are hashed before the comparison, so its time tells neither the token's content nor its length.
 */
final class BearerAuth {

    private static final String SCHEME = "Bearer ";

    private final byte[] expected;

    /** No token: every request is let in (the config allows that only on loopback). */
    BearerAuth(Optional<String> token) {
        this.expected = token.map(BearerAuth::sha256).orElse(null);
    }

    /** Whether a token is configured, so that requests are checked at all. */
    boolean required() {
        return expected != null;
    }

    /** Whether a request with this {@code Authorization} header value, or null without one, may go on. */
    boolean permits(String authorization) {
        if (expected == null) {
            return true;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        return MessageDigest.isEqual(expected, sha256(authorization.substring(SCHEME.length()).trim()));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}

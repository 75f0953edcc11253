package io.rkproxy.core.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** A tenant password kept only as its SHA-256 digest, compared in constant time by {@link #equals}. */
public final class PasswordHash {

    private final byte[] digest;

    private PasswordHash(byte[] digest) {
        this.digest = digest;
    }

    public static PasswordHash ofPlain(String password) {
        return new PasswordHash(sha256(password.getBytes(StandardCharsets.UTF_8)));
    }

    public static PasswordHash ofPlain(byte[] password) {
        return new PasswordHash(sha256(password));
    }

    /** Parses 64 hex characters; throws IllegalArgumentException otherwise. */
    public static PasswordHash ofHex(String hex) {
        if (hex.length() != 64) {
            throw new IllegalArgumentException("must be 64 hex characters, got " + hex.length());
        }
        return new PasswordHash(HexFormat.of().parseHex(hex));
    }

    public String hex() {
        return HexFormat.of().formatHex(digest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PasswordHash other && MessageDigest.isEqual(digest, other.digest);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return "PasswordHash[redacted]";
    }

    static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}

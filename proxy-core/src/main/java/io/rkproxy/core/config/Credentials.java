package io.rkproxy.core.config;

import java.util.Set;

/**
 * The passwords a tenant accepts: none (only the open {@code default} tenant), one, or several while a password is
 * rotated. Immutable.
 */
public final class Credentials {

    private static final Credentials NONE = new Credentials(Set.of());

    private final Set<PasswordHash> hashes;

    private Credentials(Set<PasswordHash> hashes) {
        this.hashes = hashes;
    }

    public static Credentials none() {
        return NONE;
    }

    public static Credentials of(Set<PasswordHash> hashes) {
        return hashes.isEmpty() ? NONE : new Credentials(Set.copyOf(hashes));
    }

    public boolean isEmpty() {
        return hashes.isEmpty();
    }

    /** Whether {@code password}, as hashed, is one of them. */
    public boolean contains(PasswordHash password) {
        return hashes.contains(password);
    }

    public Set<PasswordHash> hashes() {
        return hashes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credentials other && hashes.equals(other.hashes);
    }

    @Override
    public int hashCode() {
        return hashes.hashCode();
    }

    @Override
    public String toString() {
        return "Credentials[" + hashes.size() + " redacted]";
    }
}

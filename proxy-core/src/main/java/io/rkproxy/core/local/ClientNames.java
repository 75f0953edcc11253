package io.rkproxy.core.local;

/** Redis's rule for client names: printable ASCII, no spaces. */
final class ClientNames {

    static final String INVALID = "ERR Client names cannot contain spaces, newlines or special characters.";

    private ClientNames() {
    }

    static boolean isValid(String name) {
        return name.chars().allMatch(c -> c > ' ' && c <= '~');
    }
}

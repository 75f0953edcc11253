package io.rkproxy.core.command;

/** Redis glob patterns (KEYS, SCAN MATCH, PSUBSCRIBE, ACL key patterns). */
public final class GlobPattern {

    private GlobPattern() {
    }

    /** {@code literal} as a pattern that matches exactly it: the glob characters escaped with a backslash. */
    public static String escape(String literal) {
        StringBuilder sb = new StringBuilder(literal.length());
        for (char c : literal.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}

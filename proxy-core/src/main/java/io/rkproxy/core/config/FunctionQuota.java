package io.rkproxy.core.config;

/**
 * What FUNCTION LOAD may leave on a shared pool for one tenant: at most {@code maxLibraries} libraries, each of at
 * most {@code maxBytes} bytes of code as the client sent it.
 */
public record FunctionQuota(int maxLibraries, int maxBytes) {

    public static final int DEFAULT_MAX_LIBRARIES = 100;
    public static final int DEFAULT_MAX_BYTES = 1 << 20;

    static FunctionQuota read(ConfigNode node) {
        return new FunctionQuota(
                node.integer("max-function-libraries", DEFAULT_MAX_LIBRARIES, 1, 1_000_000),
                node.integer("max-function-bytes", DEFAULT_MAX_BYTES, 1, Integer.MAX_VALUE));
    }

    public String tooMany(String tenant) {
        return "ERR tenant '" + tenant + "' may load at most " + maxLibraries + " function libraries";
    }

    public String tooLarge(String tenant) {
        return "ERR tenant '" + tenant + "' may load function libraries of at most " + maxBytes + " bytes";
    }
}

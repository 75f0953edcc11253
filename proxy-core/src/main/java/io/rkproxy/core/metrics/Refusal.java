package io.rkproxy.core.metrics;

/**
 * Why the proxy refused a tenant's command or connection, or closed a connection it would no longer serve; each is
 * counted per tenant.
 */
public enum Refusal {
    NO_PERMISSION,
    NOT_SUPPORTED,
    UNKNOWN_COMMAND,
    RATE_LIMITED,
    REQUEST_TOO_LARGE,
    MAX_CONNECTIONS,
    MAX_PINNED_CONNECTIONS,
    /** A connection whose client did not read its replies or messages, past an output buffer limit. */
    OUTPUT_BUFFER_LIMIT
}

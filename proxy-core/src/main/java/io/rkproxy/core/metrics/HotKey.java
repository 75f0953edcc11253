package io.rkproxy.core.metrics;

/**
 * A hot key of a tenant's.
 *
 * @param ops          its commands over the span shown, estimated from the sampled ones
 * @param opsPerSecond {@code ops} over the span's length
 */
public record HotKey(String key, long ops, double opsPerSecond) {
}

package io.rkproxy.core.resp;

/**
 * Limits applied while framing client commands.
 *
 * @param maxBulkLength   largest accepted {@code $} bulk argument, in bytes
 * @param maxArgs         largest accepted multibulk argument count
 * @param maxInlineLength longest inline command line, and longest {@code *}/{@code $} count line, in bytes
 * @param authenticated   whether the limits are those of an authenticated client; only changes which error text a
 *                        violation reports, as Redis does
 * @param maxInputBytes   most bytes framed under these limits, every command together, the one being framed
 *                        included; {@link Long#MAX_VALUE} for no bound
 */
public record RespLimits(int maxBulkLength, int maxArgs, int maxInlineLength, boolean authenticated,
                         long maxInputBytes) {

    /** Redis's defaults: {@code proto-max-bulk-len} 512 MiB, 1024*1024 arguments, 64 KiB inline. */
    public static final RespLimits DEFAULTS = new RespLimits(512 * 1024 * 1024, 1024 * 1024, 64 * 1024, true);

    /** Redis 7's limits for a client that has not authenticated yet. */
    public static final RespLimits UNAUTHENTICATED = new RespLimits(16384, 10, 64 * 1024, false);

    public RespLimits {
        requirePositive(maxBulkLength, "maxBulkLength");
        requirePositive(maxArgs, "maxArgs");
        requirePositive(maxInlineLength, "maxInlineLength");
        requirePositive(maxInputBytes, "maxInputBytes");
    }

    /** Limits with no bound on the input as a whole. */
    public RespLimits(int maxBulkLength, int maxArgs, int maxInlineLength, boolean authenticated) {
        this(maxBulkLength, maxArgs, maxInlineLength, authenticated, Long.MAX_VALUE);
    }

    /** Limits for an authenticated client. */
    public RespLimits(int maxBulkLength, int maxArgs, int maxInlineLength) {
        this(maxBulkLength, maxArgs, maxInlineLength, true);
    }

    /** These limits, with at most {@code bytes} of input framed under them. */
    public RespLimits withMaxInputBytes(long bytes) {
        return new RespLimits(maxBulkLength, maxArgs, maxInlineLength, authenticated, bytes);
    }

    private static void requirePositive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}

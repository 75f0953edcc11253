package io.rkproxy.core.streams;

import io.rkproxy.core.backend.ReplyCallback;

/** BLPOP's timeout argument: seconds, fractions allowed, 0 for no timeout; Redis's errors for the rest. */
final class BlpopTimeout {

    private BlpopTimeout() {
    }

    /** The timeout in nanoseconds (0 for none), or -1 after replying the error. */
    static long nanos(String text, ReplyCallback reply) {
        double seconds;
        try {
            seconds = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            seconds = Double.NaN;
        }
        if (Double.isNaN(seconds) || Double.isInfinite(seconds) || seconds > 1e9) {
            reply.onError("ERR timeout is not a float or out of range");
            return -1;
        }
        if (seconds < 0) {
            reply.onError("ERR timeout is negative");
            return -1;
        }
        return (long) (seconds * 1e9);
    }
}

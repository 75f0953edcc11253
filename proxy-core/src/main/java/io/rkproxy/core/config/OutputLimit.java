package io.rkproxy.core.config;

import java.time.Duration;

/**
 * One class of output buffer limits, as Redis's {@code client-output-buffer-limit <class> <hard> <soft> <seconds>}: a
 * connection whose unread output passes {@code hardBytes}, or stays past {@code softBytes} for {@code softFor}, is
 * closed.
 *
 * @param keyPrefix names the limit's keys in logs ({@code pubsub-output-buffer} for
 *                  {@code pubsub-output-buffer-hard-bytes} and its siblings)
 * @param softBytes 0 for no soft limit
 */
public record OutputLimit(String keyPrefix, long hardBytes, long softBytes, Duration softFor) {

    public OutputLimit {
        if (hardBytes <= 0 || softBytes < 0 || softBytes > hardBytes || softFor.isNegative()) {
            throw new IllegalArgumentException("bad output limit: hard " + hardBytes + ", soft " + softBytes
                    + " for " + softFor);
        }
    }

    /** Reads the {@code <prefix>-hard-bytes}, {@code -soft-bytes} and {@code -soft-seconds} keys of {@code node}. */
    static OutputLimit read(ConfigNode node, String prefix, int defaultHard, int defaultSoft, int minSoft) {
        int hard = node.integer(prefix + "-hard-bytes", defaultHard, Math.max(1, minSoft), Integer.MAX_VALUE);
        int soft = node.integer(prefix + "-soft-bytes", defaultSoft, minSoft, Integer.MAX_VALUE);
        int seconds = node.integer(prefix + "-soft-seconds", ServerConfig.DEFAULT_OUTPUT_SOFT_SECONDS, 0, 86_400);
        if (soft > hard) {
            node.problem(prefix + "-soft-bytes", soft + " is above " + prefix + "-hard-bytes (" + hard + ")");
            soft = hard;
        }
        return new OutputLimit(prefix, hard, soft, Duration.ofSeconds(seconds));
    }
}

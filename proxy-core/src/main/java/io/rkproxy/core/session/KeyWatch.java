package io.rkproxy.core.session;

import io.rkproxy.core.command.CommandSpec;
import io.rkproxy.core.config.ServerConfig;
import io.rkproxy.core.metrics.TenantKeys;
import io.rkproxy.core.resp.RespCommand;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Feeds the keys of a session's commands to its tenant's hot and big key lists: those of one command in about
 * {@code hot-keys.sample-rate}, and those of every request or reply of the big sizes. Any other command costs a
 * countdown and two comparisons. One per session, on its event loop.
 */
final class KeyWatch {

    /** The keys of a multi-key command counted, at most. */
    static final int MAX_KEYS = 16;

    /** 0 when hot keys are off. */
    private final int sampleRate;
    private final int bigRequestBytes;
    private final int bigReplyBytes;
    private int untilSample;

    KeyWatch(ServerConfig server) {
        this.sampleRate = server.hotKeys().enabled() ? server.hotKeys().sampleRate() : 0;
        this.bigRequestBytes = server.bigRequestBytes();
        this.bigReplyBytes = server.bigReplyBytes();
        this.untilSample = sampleRate == 0 ? 0 : nextInterval();
    }

    /** {@code command}, of {@code spec} (null when the pool does not know it), got a reply of {@code replyBytes}. */
    void replied(TenantKeys keys, RespCommand command, CommandSpec spec, int replyBytes) {
        boolean sampled = sampleRate > 0 && --untilSample == 0;
        int requestBytes = command.sizeInBytes();
        boolean bigRequest = requestBytes >= bigRequestBytes;
        boolean bigReply = replyBytes >= bigReplyBytes;
        if (!sampled && !bigRequest && !bigReply) {
            return;
        }
        if (sampled) {
            untilSample = nextInterval();
        }
        if (spec == null) {
            return;
        }
        int[] indexes = spec.resolve(command).keyIndexes(command);
        String name = command.name();
        for (int n = 0; n < Math.min(indexes.length, MAX_KEYS); n++) {
            byte[] key = command.argBytes(indexes[n]);
            if (sampled) {
                keys.sampled(key);
            }
            if (bigRequest) {
                keys.big(key, name, requestBytes);
            }
            if (bigReply) {
                keys.big(key, name, replyBytes);
            }
        }
    }

    /** Commands until the next sample: uniform over 1 .. 2 x rate - 1, so one in {@code rate} on average. */
    private int nextInterval() {
        return sampleRate == 1 ? 1 : ThreadLocalRandom.current().nextInt(1, 2 * sampleRate);
    }
}

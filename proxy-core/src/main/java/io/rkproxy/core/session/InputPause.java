package io.rkproxy.core.session;

import io.netty.channel.Channel;
import io.rkproxy.core.net.ReadThrottle;
import io.rkproxy.core.resp.RespCommandDecoder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Holds a client's input back for a while: nothing more is read from it or framed into commands until the pause
 * ends, on a timer of the channel's event loop, which never blocks.
 */
final class InputPause {

    private InputPause() {
    }

    /** Pauses for {@code pause}, then runs {@code then} and takes the input up where it stopped. */
    static void run(Channel channel, ReadThrottle throttle, Duration pause, Runnable then) {
        RespCommandDecoder decoder = channel.pipeline().get(RespCommandDecoder.class);
        throttle.hold(ReadThrottle.PAUSED);
        decoder.pause();
        channel.eventLoop().schedule(() -> {
            then.run();
            throttle.release(ReadThrottle.PAUSED);
            decoder.resume();
        }, pause.toNanos(), TimeUnit.NANOSECONDS);
    }
}

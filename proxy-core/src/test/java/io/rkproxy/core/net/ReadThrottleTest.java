package io.rkproxy.core.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class ReadThrottleTest {

    @Test
    void readingResumesOnlyWhenEveryReasonIsCleared() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ReadThrottle throttle = new ReadThrottle(channel);
        throttle.hold(ReadThrottle.IN_FLIGHT);
        throttle.hold(ReadThrottle.BACKEND_UNWRITABLE);
        assertFalse(channel.config().isAutoRead());
        throttle.release(ReadThrottle.IN_FLIGHT);
        assertFalse(channel.config().isAutoRead(), "the backend is still unwritable");
        throttle.release(ReadThrottle.BACKEND_UNWRITABLE);
        assertTrue(channel.config().isAutoRead());
    }

    @Test
    void releasingAReasonThatWasNotHeldChangesNothing() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ReadThrottle throttle = new ReadThrottle(channel);
        throttle.hold(ReadThrottle.CLIENT_UNWRITABLE);
        throttle.release(ReadThrottle.IN_FLIGHT);
        assertFalse(channel.config().isAutoRead());
        assertTrue(throttle.isHeld(ReadThrottle.CLIENT_UNWRITABLE));
    }
}

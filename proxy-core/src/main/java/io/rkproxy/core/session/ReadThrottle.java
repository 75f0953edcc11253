package io.rkproxy.core.session;

import io.netty.channel.Channel;

/**
 * Stops reading from a client while any reason to hold back holds, and resumes when none does. Reasons are bits,
 * so each is set and cleared by the one event that owns it.
 */
final class ReadThrottle {

    static final int IN_FLIGHT = 1;
    static final int BACKEND_UNWRITABLE = 2;
    static final int CLIENT_UNWRITABLE = 4;
    static final int PARKED = 8;
    static final int PAUSED = 16;

    private final Channel channel;
    private int reasons;

    ReadThrottle(Channel channel) {
        this.channel = channel;
    }

    void hold(int reason) {
        if (reasons == 0) {
            channel.config().setAutoRead(false);
        }
        reasons |= reason;
    }

    void release(int reason) {
        if ((reasons & reason) == 0) {
            return;
        }
        reasons &= ~reason;
        if (reasons == 0 && channel.isActive()) {
            channel.config().setAutoRead(true);
        }
    }

    boolean isHeld(int reason) {
        return (reasons & reason) != 0;
    }
}

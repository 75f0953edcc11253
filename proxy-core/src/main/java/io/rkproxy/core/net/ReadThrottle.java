package io.rkproxy.core.net;

import io.netty.channel.Channel;

/**
 * Stops reading from a client while any reason to hold back holds, and resumes when none does. Reasons are bits,
 * so each is set and cleared by the one event that owns it.
 */
public final class ReadThrottle {

    public static final int IN_FLIGHT = 1;
    public static final int BACKEND_UNWRITABLE = 2;
    public static final int CLIENT_UNWRITABLE = 4;
    public static final int PARKED = 8;
    public static final int PAUSED = 16;
    /** The node is shutting down: never released. */
    public static final int DRAINING = 32;
    /** The connection's records waiting for the Kafka brokers are past the pool's {@code connection-send-bytes}. */
    public static final int KAFKA_SENDS = 64;

    private final Channel channel;
    private int reasons;

    public ReadThrottle(Channel channel) {
        this.channel = channel;
    }

    public void hold(int reason) {
        if (reasons == 0) {
            channel.config().setAutoRead(false);
        }
        reasons |= reason;
    }

    public void release(int reason) {
        if ((reasons & reason) == 0) {
            return;
        }
        reasons &= ~reason;
        if (reasons == 0 && channel.isActive()) {
            channel.config().setAutoRead(true);
        }
    }

    public boolean isHeld(int reason) {
        return (reasons & reason) != 0;
    }
}

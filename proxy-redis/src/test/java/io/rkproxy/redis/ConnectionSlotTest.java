package io.rkproxy.redis;

import static io.rkproxy.redis.ConnectionSlot.State.CLOSED;
import static io.rkproxy.redis.ConnectionSlot.State.CONNECTING;
import static io.rkproxy.redis.ConnectionSlot.State.DOWN;
import static io.rkproxy.redis.ConnectionSlot.State.IDLE;
import static io.rkproxy.redis.ConnectionSlot.State.READY;
import static io.rkproxy.redis.ConnectionSlot.isValidTransition;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConnectionSlotTest {

    @Test
    void followsConnectReadyDownReconnect() {
        assertTrue(isValidTransition(IDLE, CONNECTING));
        assertTrue(isValidTransition(CONNECTING, READY));
        assertTrue(isValidTransition(READY, DOWN));
        assertTrue(isValidTransition(DOWN, CONNECTING));
        assertTrue(isValidTransition(CONNECTING, DOWN));
    }

    @Test
    void refusesIllegalMoves() {
        assertFalse(isValidTransition(IDLE, READY), "no commands before the connection is prepared");
        assertFalse(isValidTransition(DOWN, READY), "a down slot reconnects first");
        assertFalse(isValidTransition(READY, CONNECTING));
        assertFalse(isValidTransition(READY, IDLE));
        assertFalse(isValidTransition(CLOSED, CONNECTING));
    }

    @Test
    void anyStateCanClose() {
        for (ConnectionSlot.State s : ConnectionSlot.State.values()) {
            assertTrue(isValidTransition(s, CLOSED), s.name());
        }
    }
}

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
    void followsConnectReadyReconnectDown() {
        assertTrue(isValidTransition(IDLE, CONNECTING));
        assertTrue(isValidTransition(CONNECTING, READY));
        assertTrue(isValidTransition(READY, CONNECTING), "a lost connection is replaced at once");
        assertTrue(isValidTransition(CONNECTING, DOWN));
        assertTrue(isValidTransition(DOWN, CONNECTING));
    }

    @Test
    void refusesIllegalMoves() {
        assertFalse(isValidTransition(IDLE, READY), "no commands before the connection is prepared");
        assertFalse(isValidTransition(DOWN, READY), "a down slot reconnects first");
        assertFalse(isValidTransition(READY, DOWN), "only a failed connect says the backend is down");
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

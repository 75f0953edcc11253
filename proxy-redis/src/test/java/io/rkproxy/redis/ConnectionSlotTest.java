package io.rkproxy.redis;

import static io.rkproxy.redis.ConnectionSlot.State.CLOSED;
import static io.rkproxy.redis.ConnectionSlot.State.CONNECTING;
import static io.rkproxy.redis.ConnectionSlot.State.DOWN;
import static io.rkproxy.redis.ConnectionSlot.State.IDLE;
import static io.rkproxy.redis.ConnectionSlot.State.READY;
import static io.rkproxy.redis.ConnectionSlot.isValidTransition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.resp.RespCommand;
import java.util.ArrayList;
import java.util.List;
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
    void aClosedSlotAnswersWithTheReasonItWasClosedFor() {
        EmbeddedChannel loopOwner = new EmbeddedChannel();
        try {
            ConnectionSlot slot = new ConnectionSlot(loopOwner.eventLoop(), new RedisConnector(TestBackends.POOL,
                    EmbeddedChannel.class), 0, Protocol.RESP2);
            slot.close("ERR node 10.0.0.1:6379 is no longer a master");
            List<String> errors = new ArrayList<>();
            slot.send(RespCommand.of("GET", "k"), new ReplyCallback() {
                @Override
                public void onReply(ByteBuf frame) {
                    frame.release();
                    errors.add("a reply");
                }

                @Override
                public void onError(String redisError) {
                    errors.add(redisError);
                }
            });
            assertEquals(List.of("ERR node 10.0.0.1:6379 is no longer a master"), errors);
            assertEquals(CLOSED, slot.state());
        } finally {
            loopOwner.finishAndReleaseAll();
        }
    }

    @Test
    void anyStateCanClose() {
        for (ConnectionSlot.State s : ConnectionSlot.State.values()) {
            assertTrue(isValidTransition(s, CLOSED), s.name());
        }
    }
}

package io.rkproxy.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.resp.RespValue;
import java.nio.charset.StandardCharsets;

/** A client's callback in tests: keeps the outcome it was given (the reply decoded, or the error) and how many. */
public final class RecordedReply implements ReplyCallback {

    private int outcomes;
    private RespValue value;
    private String frame;
    private String error;

    @Override
    public void onReply(ByteBuf frame) {
        outcomes++;
        this.frame = frame.toString(StandardCharsets.UTF_8);
        value = RespValue.consume(frame);
    }

    @Override
    public void onError(String redisError) {
        outcomes++;
        error = redisError;
    }

    /** Whether an outcome came. */
    public boolean answered() {
        return outcomes > 0;
    }

    /** The one reply that came; fails if there was none, more than one, or an error instead. */
    public RespValue value() {
        assertEquals(1, outcomes, "outcomes");
        assertNull(error, "error");
        return value;
    }

    /** The one reply that came, as the RESP text the client gets. */
    public String frame() {
        value();
        return frame;
    }

    /** The one error that came; fails if there was none, more than one, or a reply instead. */
    public String error() {
        assertEquals(1, outcomes, "outcomes");
        assertNull(value, "reply");
        return error;
    }
}

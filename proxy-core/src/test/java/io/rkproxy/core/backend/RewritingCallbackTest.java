package io.rkproxy.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class RewritingCallbackTest {

    private final List<String> delivered = new ArrayList<>();
    private final ReplyCallback slot = new ReplyCallback() {
        @Override
        public void onReply(ByteBuf frame) {
            delivered.add(frame.toString(StandardCharsets.UTF_8));
            frame.release();
        }

        @Override
        public void onError(String redisError) {
            delivered.add("-" + redisError);
        }
    };

    private static ReplyFormat session(Protocol protocol) {
        return new ReplyFormat() {
            @Override
            public ByteBufAllocator alloc() {
                return ByteBufAllocator.DEFAULT;
            }

            @Override
            public Protocol protocol() {
                return protocol;
            }
        };
    }

    private void reply(Protocol protocol, String frame, UnaryOperator<RespValue> rewrite) {
        new RewritingCallback(slot, session(protocol), rewrite)
                .onReply(Unpooled.copiedBuffer(frame, StandardCharsets.UTF_8));
    }

    @Test
    void aNullArrayTheRewriteLeftAloneStaysANullArrayForAResp2Client() {
        reply(Protocol.RESP2, "*-1\r\n", UnaryOperator.identity());
        reply(Protocol.RESP2, "$-1\r\n", UnaryOperator.identity());
        assertEquals(List.of("*-1\r\n", "$-1\r\n"), delivered);
    }

    @Test
    void aRewrittenReplyIsEncodedInTheSessionsProtocol() {
        reply(Protocol.RESP2, "*1\r\n$1\r\na\r\n", v -> new RespValue.Array(List.of(new RespValue.Bulk(
                "b".getBytes(StandardCharsets.UTF_8)))));
        reply(Protocol.RESP3, "*-1\r\n", UnaryOperator.identity());
        assertEquals(List.of("*1\r\n$1\r\nb\r\n", "_\r\n"), delivered);
    }
}

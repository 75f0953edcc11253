package io.rkproxy.core.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import static io.rkproxy.core.resp.Splits.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RespRepliesTest {

    private static final ByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false);

    @Test
    void constantsCanBeWrittenAndReleasedRepeatedly() {
        assertWrittenTwice("+OK\r\n", RespReplies::ok);
        assertWrittenTwice("+PONG\r\n", RespReplies::pong);
        assertWrittenTwice("$-1\r\n", () -> RespReplies.nil(Protocol.RESP2));
        assertWrittenTwice("_\r\n", () -> RespReplies.nil(Protocol.RESP3));
    }

    @Test
    void errorKeepsTheReplyOnOneLine() {
        assertEquals("-ERR bad  thing\r\n", take(RespReplies.error(ALLOC, "ERR bad\r\nthing")));
        assertEquals("-ERR unknown command 'h\u00e9'\r\n", take(RespReplies.error(ALLOC, "ERR unknown command 'h\u00e9'")));
        assertEquals("+x y\r\n", take(RespReplies.simple(ALLOC, "x\ny")));
    }

    @Test
    void buildsIntegersAndBulks() {
        assertEquals(":-9223372036854775808\r\n", take(RespReplies.integer(ALLOC, Long.MIN_VALUE)));
        assertEquals("$3\r\nh\u00e9\r\n", take(RespReplies.bulk(ALLOC, "h\u00e9")));
        assertEquals("$0\r\n\r\n", take(RespReplies.bulk(ALLOC, new byte[0])));
        assertEquals("$4\r\na\r\nb\r\n", take(RespReplies.bulk(ALLOC, bytes("a\r\nb"))));
    }

    @Test
    void composesArrays() {
        ByteBuf out = ALLOC.buffer();
        RespReplies.bulk(RespReplies.arrayHeader(out, 2), bytes("maxmemory"));
        RespReplies.integer(out, 0);
        assertEquals("*2\r\n$9\r\nmaxmemory\r\n:0\r\n", take(out));
    }

    private static void assertWrittenTwice(String expected, Supplier<ByteBuf> reply) {
        EmbeddedChannel channel = new EmbeddedChannel();
        for (int i = 0; i < 2; i++) {
            assertTrue(channel.writeOutbound(reply.get()));
            ByteBuf written = channel.readOutbound();
            assertEquals(expected, written.toString(StandardCharsets.US_ASCII));
            written.release();
            written.release();
        }
        assertEquals(expected, reply.get().toString(StandardCharsets.US_ASCII));
        assertFalse(channel.finish());
    }

    /** Returns the reply's text and releases it. */
    private static String take(ByteBuf reply) {
        try {
            return reply.toString(StandardCharsets.UTF_8);
        } finally {
            assertTrue(reply.release());
        }
    }
}

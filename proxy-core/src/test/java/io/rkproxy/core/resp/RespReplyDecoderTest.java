package io.rkproxy.core.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.rkproxy.core.resp.Splits.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RespReplyDecoderTest {

    private static final int MAX_BULK = 1024 * 1024 * 1024;

    @Test
    void decodesEveryResp2TypeSplitAtEveryByte() {
        List<String> replies = List.of("+OK\r\n", "+\r\n", "-ERR wrong type\r\n", ":0\r\n", ":-42\r\n",
                ":9223372036854775807\r\n", "$5\r\nhello\r\n", "$0\r\n\r\n", "$-1\r\n", "*-1\r\n", "*0\r\n",
                "*3\r\n$1\r\na\r\n:1\r\n$-1\r\n");
        for (String reply : replies) {
            assertEquals(List.of(reply), decodeEveryWay(MAX_BULK, reply));
        }
    }

    @Test
    void decodesEveryResp3TypeSplitAtEveryByte() {
        List<String> replies = List.of("_\r\n", ",3.14\r\n", ",-inf\r\n", "#t\r\n", "#f\r\n",
                "(3492890328409238509324850943850943825024385\r\n", "(-1\r\n",
                "=15\r\ntxt:Some string\r\n", "!21\r\nSYNTAX invalid syntax\r\n",
                "%2\r\n+first\r\n:1\r\n$6\r\nsecond\r\n:2\r\n", "%0\r\n", "~2\r\n+a\r\n+b\r\n", "~0\r\n",
                ">3\r\n$7\r\nmessage\r\n$4\r\nchan\r\n$5\r\nhello\r\n");
        for (String reply : replies) {
            assertEquals(List.of(reply), decodeEveryWay(MAX_BULK, reply));
        }
    }

    @Test
    void decodesNestedAggregatesAsOneFrame() {
        String reply = "*3\r\n*2\r\n:1\r\n*0\r\n*1\r\n*1\r\n*2\r\n$-1\r\n%1\r\n+k\r\n~1\r\n_\r\n:7\r\n";
        assertEquals(List.of(reply), decodeEveryWay(MAX_BULK, reply));
    }

    @Test
    void decodesAttributeAndTheValueItAnnotatesAsOneFrame() {
        String annotated = "|1\r\n+key-popularity\r\n%2\r\n$1\r\na\r\n,0.1923\r\n$1\r\nb\r\n,0.0012\r\n"
                + "*2\r\n:2039123\r\n:9543892\r\n";
        String nested = "*2\r\n|1\r\n+ttl\r\n:3600\r\n$1\r\nv\r\n:2\r\n";
        String emptyAttribute = "|0\r\n+OK\r\n";
        assertEquals(List.of(annotated, "+OK\r\n", nested, emptyAttribute),
                decodeEveryWay(MAX_BULK, annotated + "+OK\r\n" + nested + emptyAttribute));
    }

    @Test
    void decodesPipelinedRepliesSplitAtEveryByte() {
        List<String> replies = List.of("+OK\r\n", "$3\r\nfoo\r\n", "*2\r\n$1\r\na\r\n$-1\r\n", ":5\r\n",
                "-ERR no\r\n", "_\r\n", "*0\r\n");
        assertEquals(replies, decodeEveryWay(MAX_BULK, String.join("", replies)));
    }

    @Test
    void skipsBulkPayloadsByLength() {
        String payload = "\r\n*2\r\n+OK\r\n-ERR\r\n$-1\r\n";
        String reply = "*2\r\n$" + payload.length() + "\r\n" + payload + "\r\n=" + (payload.length() + 4)
                + "\r\ntxt:" + payload + "\r\n";
        assertEquals(List.of(reply, "+OK\r\n"), decodeEveryWay(MAX_BULK, reply + "+OK\r\n"));
    }

    @Test
    void decodesLargeBulkFedInSmallChunks() {
        byte[] payload = new byte[1024 * 1024];
        byte[] pattern = bytes("\r\n$5\r\n*1\r\n:1\r\n\n");
        for (int i = 0; i < payload.length; i++) {
            payload[i] = pattern[i % pattern.length];
        }
        String header = "$" + payload.length + "\r\n";
        ByteBuf input = Unpooled.buffer();
        input.writeBytes(bytes(header)).writeBytes(payload).writeBytes(bytes("\r\n:1\r\n"));
        byte[] all = ByteBufUtil.getBytes(input);
        input.release();

        List<String> frames = decodeOneWay(MAX_BULK, Splits.chunks(all, 1024));
        assertEquals(List.of(header + Splits.text(payload) + "\r\n", ":1\r\n"), frames);
    }

    @Test
    void acceptsNestingUpToMaxDepth() {
        String deepest = "*1\r\n".repeat(RespReplyDecoder.MAX_DEPTH) + ":1\r\n";
        assertEquals(List.of(deepest), decodeOneWay(MAX_BULK, List.of(bytes(deepest))));
        assertMalformed(MAX_BULK, "*1\r\n".repeat(RespReplyDecoder.MAX_DEPTH + 1) + ":1\r\n");
    }

    @Test
    void refusesMalformedReplies() {
        List<String> malformed = List.of("?x\r\n", "\r\n", ":abc\r\n", ":\r\n", ":1.5\r\n", "+OK\rX",
                "$5\r\nhelloXY", "$-2\r\n", "$\r\n", "=-1\r\n", "!-1\r\n", "*-2\r\n", "~-1\r\n", "%-1\r\n",
                "|-1\r\n", "#x\r\n", "#\r\n", "#tt\r\n", "_x\r\n", "(\r\n", "(1a\r\n", "(-\r\n",
                "*1\r\n?\r\n", "$3\r\nabc\r\r");
        for (String reply : malformed) {
            assertMalformed(MAX_BULK, reply);
        }
    }

    @Test
    void refusesBulkAndLinesLongerThanMaxBulkLength() {
        assertMalformed(8, "$9\r\n");
        assertEquals(List.of("$8\r\n12345678\r\n"), decodeEveryWay(8, "$8\r\n12345678\r\n"));
        assertMalformed(8, "+123456789");
        assertEquals(List.of("+12345678\r\n"), decodeEveryWay(8, "+12345678\r\n"));
    }

    @Test
    void emitsRepliesBeforeMalformedInputAndNothingAfter() {
        EmbeddedChannel channel = new EmbeddedChannel(new RespReplyDecoder(MAX_BULK));
        ByteBuf first = Unpooled.wrappedBuffer(bytes("+OK\r\n:x\r\n+OK\r\n"));
        RespProtocolException error = assertThrows(RespProtocolException.class, () -> channel.writeInbound(first));
        assertTrue(error.redisError().startsWith("ERR Protocol error: unexpected backend reply"));
        ByteBuf frame = channel.readInbound();
        assertEquals("+OK\r\n", frame.toString(StandardCharsets.ISO_8859_1));
        frame.release();
        assertNull(channel.readInbound());

        ByteBuf later = Unpooled.wrappedBuffer(bytes("+OK\r\n"));
        assertFalse(channel.writeInbound(later));
        assertFalse(channel.finish());
        assertEquals(0, first.refCnt());
        assertEquals(0, later.refCnt());
    }

    // --- helpers

    private static List<String> decodeEveryWay(int maxBulkLength, String input) {
        List<String> expected = null;
        for (List<byte[]> reads : Splits.everyWay(bytes(input))) {
            List<String> frames = decodeOneWay(maxBulkLength, reads);
            if (expected == null) {
                expected = frames;
            } else {
                assertEquals(expected, frames);
            }
        }
        return expected;
    }

    /** Feeds {@code reads}, releases every frame, checks nothing leaked, and returns the frames' bytes. */
    private static List<String> decodeOneWay(int maxBulkLength, List<byte[]> reads) {
        EmbeddedChannel channel = new EmbeddedChannel(new RespReplyDecoder(maxBulkLength));
        List<ByteBuf> written = new ArrayList<>();
        for (byte[] read : reads) {
            ByteBuf buf = Splits.buffer(read);
            written.add(buf);
            channel.writeInbound(buf);
        }
        List<String> frames = new ArrayList<>();
        for (ByteBuf frame; (frame = channel.readInbound()) != null; ) {
            frames.add(frame.toString(StandardCharsets.ISO_8859_1));
            frame.release(); // frames share the input's reference count: the leak check is on the input
        }
        assertFalse(channel.finish());
        written.forEach(buf -> assertEquals(0, buf.refCnt()));
        return frames;
    }

    /** Expects exactly one protocol error, no frame, and no frame from later valid input, however cut. */
    private static void assertMalformed(int maxBulkLength, String input) {
        for (List<byte[]> reads : Splits.everyWay(bytes(input))) {
            EmbeddedChannel channel = new EmbeddedChannel(new RespReplyDecoder(maxBulkLength));
            List<ByteBuf> written = new ArrayList<>();
            RespProtocolException error = null;
            for (byte[] read : reads) {
                ByteBuf buf = Splits.buffer(read);
                written.add(buf);
                try {
                    channel.writeInbound(buf);
                } catch (RespProtocolException e) {
                    assertNull(error, "a second error");
                    error = e;
                }
            }
            assertNotNull(error, () -> "accepted " + input.replace("\r", "\\r").replace("\n", "\\n"));
            assertTrue(error.redisError().startsWith("ERR Protocol error: unexpected backend reply"),
                    error.redisError());
            ByteBuf after = Unpooled.wrappedBuffer(bytes("+OK\r\n"));
            written.add(after);
            assertFalse(channel.writeInbound(after));
            assertFalse(channel.finish());
            written.forEach(buf -> assertEquals(0, buf.refCnt()));
        }
    }
}

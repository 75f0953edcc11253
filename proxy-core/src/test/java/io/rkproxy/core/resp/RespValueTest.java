package io.rkproxy.core.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.rkproxy.core.resp.Splits.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RespValueTest {

    @Test
    void parsesResp2Types() {
        assertEquals(new RespValue.Simple("OK"), parse("+OK\r\n"));
        assertEquals(new RespValue.Error("ERR wrong type"), parse("-ERR wrong type\r\n"));
        assertEquals(new RespValue.Int(-42), parse(":-42\r\n"));
        assertEquals(new RespValue.Int(Long.MIN_VALUE), parse(":-9223372036854775808\r\n"));
        assertEquals(new RespValue.Bulk(bytes("a\r\nb")), parse("$4\r\na\r\nb\r\n"));
        assertEquals(new RespValue.Bulk(new byte[0]), parse("$0\r\n\r\n"));
        assertSame(RespValue.NULL, parse("$-1\r\n"));
        assertSame(RespValue.NULL, parse("*-1\r\n"));
        assertEquals(new RespValue.Array(List.of()), parse("*0\r\n"));
        assertEquals(new RespValue.Array(List.of(new RespValue.Bulk(bytes("a")), new RespValue.Int(1), RespValue.NULL,
                        new RespValue.Array(List.of(new RespValue.Simple("x"))))),
                parse("*4\r\n$1\r\na\r\n:1\r\n$-1\r\n*1\r\n+x\r\n"));
    }

    @Test
    void foldsResp3TypesOntoResp2ShapesButKeepsMaps() {
        assertSame(RespValue.NULL, parse("_\r\n"));
        assertEquals(new RespValue.Simple("3.14", ','), parse(",3.14\r\n"));
        assertEquals(new RespValue.Simple("t", '#'), parse("#t\r\n"));
        assertEquals(new RespValue.Simple("3492890328409238509324850943850943825024385", '('),
                parse("(3492890328409238509324850943850943825024385\r\n"));
        assertEquals(new RespValue.Bulk(bytes("Some string")), parse("=15\r\ntxt:Some string\r\n"));
        assertEquals(new RespValue.Error("SYNTAX invalid syntax"), parse("!21\r\nSYNTAX invalid syntax\r\n"));
        RespValue map = parse("%2\r\n+first\r\n:1\r\n$6\r\nsecond\r\n:2\r\n");
        assertEquals(new RespValue.Dict(List.of(new RespValue.Simple("first"), new RespValue.Int(1),
                new RespValue.Bulk(bytes("second")), new RespValue.Int(2))), map);
        assertEquals(new RespValue.Int(2), map.fields().get("second"));
        assertEquals(new RespValue.Array(List.of(new RespValue.Simple("a"), new RespValue.Simple("b"))),
                parse("~2\r\n+a\r\n+b\r\n"));
        assertEquals(new RespValue.Array(List.of(new RespValue.Bulk(bytes("message")), new RespValue.Int(1))),
                parse(">2\r\n$7\r\nmessage\r\n:1\r\n"));
    }

    @Test
    void dropsAttributes() {
        assertEquals(new RespValue.Array(List.of(new RespValue.Int(1), new RespValue.Int(2))),
                parse("|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.19\r\n*2\r\n:1\r\n:2\r\n"));
        assertEquals(new RespValue.Array(List.of(new RespValue.Bulk(bytes("v")), new RespValue.Int(2))),
                parse("*2\r\n|1\r\n+ttl\r\n:3600\r\n$1\r\nv\r\n:2\r\n"));
    }

    @Test
    void leavesTheFrameAndItsIndexesAlone() {
        ByteBuf frame = Unpooled.wrappedBuffer(bytes("xx*1\r\n+OK\r\n")).skipBytes(2);
        assertEquals(new RespValue.Array(List.of(new RespValue.Simple("OK"))), RespValue.parse(frame));
        assertEquals(2, frame.readerIndex());
        assertEquals(1, frame.refCnt());
        assertTrue(frame.release());
    }

    @Test
    void decodesUtf8Text() {
        ByteBuf frame = Unpooled.wrappedBuffer("$7\r\nh\u00e9ll\u00f6\r\n".getBytes(StandardCharsets.UTF_8));
        RespValue value = RespValue.parse(frame);
        assertEquals("h\u00e9ll\u00f6", value.asText());
        assertEquals("h\u00e9ll\u00f6", ((RespValue.Bulk) value).asString());
        frame.release();
    }

    @Test
    void accessorsRefuseTheWrongType() {
        assertEquals("OK", parse("+OK\r\n").asText());
        assertEquals("v", parse("$1\r\nv\r\n").asText());
        assertEquals(7, parse(":7\r\n").asLong());
        assertEquals(List.of(new RespValue.Int(7)), parse("*1\r\n:7\r\n").items());
        assertThrows(IllegalStateException.class, () -> parse(":7\r\n").asText());
        assertThrows(IllegalStateException.class, () -> parse("-ERR\r\n").asText());
        assertThrows(IllegalStateException.class, () -> parse("+7\r\n").asLong());
        assertThrows(IllegalStateException.class, () -> parse("$-1\r\n").items());
    }

    @Test
    void bulkEqualityIsByContent() {
        assertEquals(new RespValue.Bulk(bytes("abc")), new RespValue.Bulk(bytes("abc")));
        assertEquals(new RespValue.Bulk(bytes("abc")).hashCode(), new RespValue.Bulk(bytes("abc")).hashCode());
        assertArrayEquals(bytes("abc"), new RespValue.Bulk(bytes("abc")).bytes());
    }

    @Test
    void parsesFramesFromTheReplyDecoder() {
        EmbeddedChannel channel = new EmbeddedChannel(new RespReplyDecoder(1 << 20));
        channel.writeInbound(Unpooled.wrappedBuffer(bytes("*2\r\n$9\r\nmaxme")));
        channel.writeInbound(Unpooled.wrappedBuffer(bytes("mory\r\n$1\r\n0\r\n:1\r\n")));
        ByteBuf configGet = channel.readInbound();
        ByteBuf one = channel.readInbound();
        assertEquals(List.of(new RespValue.Bulk(bytes("maxmemory")), new RespValue.Bulk(bytes("0"))),
                RespValue.parse(configGet).items());
        assertEquals(1, RespValue.parse(one).asLong());
        assertTrue(configGet.release());
        assertTrue(one.release());
        assertFalse(channel.finish());
    }

    @Test
    void encodesAMapAsAResp3MapOrAsAFlatResp2Array() {
        RespValue map = parse("%1\r\n$1\r\nk\r\n_\r\n");
        ByteBuf resp3 = RespValueEncoder.encode(map, Unpooled.buffer(), Protocol.RESP3);
        ByteBuf resp2 = RespValueEncoder.encode(map, Unpooled.buffer(), Protocol.RESP2);
        assertEquals("%1\r\n$1\r\nk\r\n_\r\n", resp3.toString(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("*2\r\n$1\r\nk\r\n$-1\r\n", resp2.toString(java.nio.charset.StandardCharsets.US_ASCII));
        resp3.release();
        resp2.release();
    }

    @Test
    void encodesResp3DoublesBooleansAndBigNumbersWithTheirTypeOrAsRedisSaysThemInResp2() {
        for (String[] line : new String[][] {{",-inf\r\n", "$4\r\n-inf\r\n"}, {",1.5\r\n", "$3\r\n1.5\r\n"},
                {"#t\r\n", ":1\r\n"}, {"#f\r\n", ":0\r\n"}, {"(12\r\n", "$2\r\n12\r\n"}, {"+OK\r\n", "+OK\r\n"}}) {
            RespValue value = parse(line[0]);
            ByteBuf resp3 = RespValueEncoder.encode(value, Unpooled.buffer(), Protocol.RESP3);
            ByteBuf resp2 = RespValueEncoder.encode(value, Unpooled.buffer(), Protocol.RESP2);
            assertEquals(line[0], resp3.toString(StandardCharsets.US_ASCII));
            assertEquals(line[1], resp2.toString(StandardCharsets.US_ASCII));
            resp3.release();
            resp2.release();
        }
    }

    @Test
    void refusesMalformedOrTruncatedValues() {
        for (String input : List.of("", "?\r\n", "+OK", "+OK\r", ":x\r\n", "$3\r\nab", "$3\r\nabcXY", "*2\r\n:1\r\n",
                "=3\r\ntxt\r\n", "%-1\r\n", "$-2\r\n")) {
            assertThrows(IllegalArgumentException.class, () -> parse(input), input);
        }
    }

    private static RespValue parse(String input) {
        ByteBuf frame = Unpooled.wrappedBuffer(bytes(input));
        try {
            return RespValue.parse(frame);
        } finally {
            frame.release();
        }
    }
}

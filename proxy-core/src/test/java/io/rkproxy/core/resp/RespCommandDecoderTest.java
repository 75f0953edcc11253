package io.rkproxy.core.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.rkproxy.core.resp.Splits.bytes;
import static io.rkproxy.core.resp.Splits.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RespCommandDecoderTest {

    private static final RespLimits SMALL = new RespLimits(100, 5, 16);
    private static final String PING = "*1\r\n$4\r\nPING\r\n";

    @Test
    void decodesMultibulkSplitAtEveryByte() {
        String input = "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n";
        assertEquals(List.of(List.of("SET", "key", "value")), decodeEveryWay(RespLimits.DEFAULTS, input));
    }

    @Test
    void emitsTheMultibulkBytesUnchanged() {
        String input = "*2\r\n$3\r\nGET\r\n$3\r\nk\u00e9y\r\n";
        EmbeddedChannel channel = new EmbeddedChannel(new RespCommandDecoder(RespLimits.DEFAULTS));
        ByteBuf in = Unpooled.wrappedBuffer(bytes(input));
        channel.writeInbound(in);
        RespCommand command = channel.readInbound();
        assertEquals(input, command.content().toString(StandardCharsets.ISO_8859_1));
        assertEquals(bytes(input).length, command.sizeInBytes());
        assertTrue(command.release());
        assertFalse(channel.finish());
        assertEquals(0, in.refCnt());
    }

    @Test
    void decodesBulksContainingCrlfAndEmptyBulks() {
        String input = "*3\r\n$4\r\na\r\nb\r\n$0\r\n\r\n$6\r\n*1\r\n$1\r\n";
        assertEquals(List.of(List.of("a\r\nb", "", "*1\r\n$1")), decodeEveryWay(RespLimits.DEFAULTS, input));
    }

    @Test
    void decodesPipelinedCommandsFromOneBuffer() {
        String input = PING + "set a 1\r\n" + "*2\r\n$3\r\nGET\r\n$1\r\na\r\n" + "echo x\n";
        assertEquals(List.of(List.of("PING"), List.of("set", "a", "1"), List.of("GET", "a"), List.of("echo", "x")),
                decodeEveryWay(RespLimits.DEFAULTS, input));
    }

    @Test
    void decodesMoreArgumentsThanTheInitialCapacity() {
        StringBuilder input = new StringBuilder("*100\r\n");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            input.append('$').append(Integer.toString(i).length()).append("\r\n").append(i).append("\r\n");
            expected.add(Integer.toString(i));
        }
        assertEquals(List.of(expected), decodeOneWay(RespLimits.DEFAULTS, List.of(bytes(input.toString()))));
    }

    @Test
    void aKeptCommandKeepsItsArgumentsWhileLaterOnesAreDecoded() {
        EmbeddedChannel channel = new EmbeddedChannel(new RespCommandDecoder(RespLimits.DEFAULTS));
        channel.writeInbound(Unpooled.wrappedBuffer(bytes(
                "*5\r\n$4\r\nMSET\r\n$1\r\na\r\n$1\r\n1\r\n$2\r\nbb\r\n$2\r\n22\r\n")));
        RespCommand kept = channel.readInbound();
        channel.writeInbound(Unpooled.wrappedBuffer(bytes(
                "*6\r\n$4\r\nMSET\r\n$3\r\nccc\r\n$3\r\n333\r\n$4\r\ndddd\r\n$4\r\n4444\r\n$1\r\nx\r\n")));
        RespCommand later = channel.readInbound();
        assertEquals(List.of("MSET", "a", "1", "bb", "22"), args(kept));
        assertEquals(List.of("MSET", "ccc", "333", "dddd", "4444", "x"), args(later));
        assertTrue(kept.release());
        assertTrue(later.release());
        assertFalse(channel.finish());
    }

    @Test
    void knownCommandNamesAreSharedConstantsWhateverTheirCase() {
        EmbeddedChannel channel = new EmbeddedChannel(new RespCommandDecoder(RespLimits.DEFAULTS));
        channel.writeInbound(Unpooled.wrappedBuffer(bytes("*2\r\n$3\r\nGeT\r\n$1\r\nk\r\n"
                + "*1\r\n$6\r\nNoSuCh\r\n")));
        RespCommand get = channel.readInbound();
        RespCommand unknown = channel.readInbound();
        assertSame("get", get.name());
        assertEquals("nosuch", unknown.name());
        assertTrue(get.release());
        assertTrue(unknown.release());
        assertFalse(channel.finish());
    }

    @Test
    void decodesInlineCommandsSplitAtEveryByte() {
        assertEquals(List.of(List.of("SET", "key", "value"), List.of("GET", "key")),
                decodeEveryWay(RespLimits.DEFAULTS, "SET key   value\r\n\tGET key \n"));
    }

    @Test
    void decodesInlineQuotesAndEscapes() {
        String input = "SET \"a b\" 'it\\'s' \"\\x41\\x4a\\n\\r\\t\\b\\a\\\"\\\\\\q\" \"\" '' foo\"bar\" 'x\\n'\r\n";
        assertEquals(List.of(List.of("SET", "a b", "it's", "AJ\n\r\t\b\u0007\"\\q", "", "", "foobar", "x\\n")),
                decodeEveryWay(RespLimits.DEFAULTS, input));
    }

    @Test
    void reencodesInlineCommandsAsMultibulk() {
        EmbeddedChannel channel = new EmbeddedChannel(new RespCommandDecoder(RespLimits.DEFAULTS));
        channel.writeInbound(Unpooled.wrappedBuffer(bytes("set \"a b\" c\r\n")));
        RespCommand command = channel.readInbound();
        assertEquals("*3\r\n$3\r\nset\r\n$3\r\na b\r\n$1\r\nc\r\n",
                command.content().toString(StandardCharsets.ISO_8859_1));
        assertTrue(command.release());
        assertFalse(channel.finish());
    }

    @Test
    void skipsEmptyCommands() {
        String input = "*0\r\n*-1\r\n\r\n   \r\n\n \t \n" + PING + "*-5\r\n";
        assertEquals(List.of(List.of("PING")), decodeEveryWay(RespLimits.DEFAULTS, input));
    }

    @Test
    void refusesNonIntegerMultibulkLength() {
        for (String count : List.of("abc", "", "+1", "01", "-0", "1 ", "99999999999999999999999")) {
            assertProtocolErrorEveryWay(RespLimits.DEFAULTS, "*" + count + "\r\n",
                    "ERR Protocol error: invalid multibulk length");
        }
    }

    @Test
    void refusesMultibulkLengthAboveMaxArgs() {
        assertProtocolErrorEveryWay(SMALL, "*6\r\n", "ERR Protocol error: invalid multibulk length");
        assertProtocolErrorEveryWay(RespLimits.DEFAULTS, "*1048577\r\n",
                "ERR Protocol error: invalid multibulk length");
        assertEquals(List.of(List.of("a", "b", "c", "d", "e")),
                decodeEveryWay(SMALL, "*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n"));
    }

    @Test
    void refusesMissingDollar() {
        assertProtocolErrorEveryWay(RespLimits.DEFAULTS, "*2\r\n$3\r\nGET\r\n:3\r\n",
                "ERR Protocol error: expected '$', got ':'");
        assertProtocolErrorEveryWay(RespLimits.DEFAULTS, "*1\r\nPING\r\n",
                "ERR Protocol error: expected '$', got 'P'");
    }

    @Test
    void refusesInvalidBulkLength() {
        for (String length : List.of("-1", "abc", "", "+3", "03")) {
            assertProtocolErrorEveryWay(RespLimits.DEFAULTS, "*1\r\n$" + length + "\r\n",
                    "ERR Protocol error: invalid bulk length");
        }
    }

    @Test
    void refusesBulkLongerThanMaxBeforeItsDataArrives() {
        assertProtocolErrorEveryWay(SMALL, "*1\r\n$101\r\n", "ERR Protocol error: invalid bulk length");
        assertEquals(List.of(List.of("x".repeat(100))),
                decodeOneWay(SMALL, List.of(bytes("*1\r\n$100\r\n" + "x".repeat(100) + "\r\n"))));
    }

    @Test
    void refusesBulkNotFollowedByCrlf() {
        assertProtocolErrorEveryWay(RespLimits.DEFAULTS, "*1\r\n$3\r\nfooXY", "ERR Protocol error: invalid bulk length");
        assertProtocolErrorEveryWay(RespLimits.DEFAULTS, "*1\r\n$3\r\nfoo\r\r",
                "ERR Protocol error: invalid bulk length");
    }

    @Test
    void refusesCountLinesWithoutLf() {
        assertProtocolErrorEveryWay(RespLimits.DEFAULTS, "*1\rX", "ERR Protocol error: invalid multibulk length");
        assertProtocolErrorEveryWay(RespLimits.DEFAULTS, "*1\r\n$3\rX", "ERR Protocol error: invalid bulk length");
    }

    @Test
    void refusesTooBigCountStrings() {
        assertProtocolErrorEveryWay(SMALL, "*" + "1".repeat(16), "ERR Protocol error: too big mbulk count string");
        assertProtocolErrorEveryWay(SMALL, "*1\r\n$" + "1".repeat(16),
                "ERR Protocol error: too big bulk count string");
        assertProtocolErrorOneWay(RespLimits.DEFAULTS, List.of(bytes("*" + "1".repeat(64 * 1024))),
                "ERR Protocol error: too big mbulk count string");
    }

    @Test
    void acceptsCountStringsUpToTheInlineLimit() {
        // 16 bytes before the CR: as long as SMALL allows. The count is negative, so the command is empty.
        assertEquals(List.of(), decodeEveryWay(SMALL, "*-" + "1".repeat(14) + "\r\n"));
    }

    @Test
    void refusesTooBigInlineRequest() {
        assertProtocolErrorEveryWay(SMALL, "GET " + "k".repeat(13), "ERR Protocol error: too big inline request");
        assertEquals(List.of(List.of("GET", "k".repeat(12))), decodeEveryWay(SMALL, "GET " + "k".repeat(12) + "\n"));
        assertProtocolErrorOneWay(RespLimits.DEFAULTS, List.of(bytes("x".repeat(64 * 1024 + 1))),
                "ERR Protocol error: too big inline request");
    }

    @Test
    void refusesUnbalancedQuotes() {
        for (String line : List.of("SET \"abc", "SET 'abc", "SET \"a\"b", "SET 'a'b", "SET \"abc\\\"")) {
            assertProtocolErrorEveryWay(RespLimits.DEFAULTS, line + "\r\n",
                    "ERR Protocol error: unbalanced quotes in request");
        }
    }

    @Test
    void appliesUnauthenticatedLimitsWithRedisTexts() {
        assertProtocolErrorEveryWay(RespLimits.UNAUTHENTICATED, "*11\r\n",
                "ERR Protocol error: unauthenticated multibulk length");
        assertProtocolErrorEveryWay(RespLimits.UNAUTHENTICATED, "*1\r\n$16385\r\n",
                "ERR Protocol error: unauthenticated bulk length");
        assertProtocolErrorEveryWay(RespLimits.UNAUTHENTICATED, "*1\r\n$-1\r\n",
                "ERR Protocol error: invalid bulk length");
        assertProtocolErrorEveryWay(RespLimits.UNAUTHENTICATED, "*2147483648\r\n",
                "ERR Protocol error: invalid multibulk length");

        StringBuilder tenArgs = new StringBuilder("*10\r\n");
        for (int i = 0; i < 10; i++) {
            tenArgs.append("$1\r\n").append(i).append("\r\n");
        }
        String largestBulk = "*1\r\n$16384\r\n" + "v".repeat(16384) + "\r\n";
        List<List<String>> decoded = decodeOneWay(RespLimits.UNAUTHENTICATED,
                List.of(bytes(tenArgs.toString()), bytes(largestBulk)));
        assertEquals(2, decoded.size());
        assertEquals(10, decoded.get(0).size());
        assertEquals(16384, decoded.get(1).get(0).length());
    }

    @Test
    void limitsSwitchTakesEffectForTheNextCommand() {
        RespCommandDecoder decoder = new RespCommandDecoder(RespLimits.UNAUTHENTICATED);
        List<RespCommand> received = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                RespCommand command = (RespCommand) msg;
                if (command.argEqualsIgnoreCase(0, "auth")) {
                    decoder.limits(RespLimits.DEFAULTS);
                }
                received.add(command);
            }
        });
        String bigBulk = "*2\r\n$4\r\nECHO\r\n$20000\r\n" + "x".repeat(20000) + "\r\n";
        channel.writeInbound(Unpooled.wrappedBuffer(bytes("AUTH secret\r\n" + bigBulk)));
        assertEquals(List.of("auth", "echo"), received.stream().map(RespCommand::name).toList());
        assertEquals(RespLimits.DEFAULTS, decoder.limits());
        received.forEach(RespCommand::release);
        assertFalse(channel.finish());
    }

    @Test
    void withoutSwitchingLimitsTheNextCommandIsRefused() {
        List<byte[]> input = List.of(bytes("AUTH secret\r\n*2\r\n$4\r\nECHO\r\n$20000\r\n"));
        List<List<String>> before = assertProtocolErrorOneWay(RespLimits.UNAUTHENTICATED, input,
                "ERR Protocol error: unauthenticated bulk length");
        assertEquals(List.of(List.of("AUTH", "secret")), before);
    }

    @Test
    void anUnauthenticatedPartialCommandIsCutOffAtTheInputBound() {
        RespLimits limits = RespLimits.UNAUTHENTICATED.withMaxInputBytes(64);
        String error = "ERR Protocol error: unauthenticated input too long";
        // the bulk is announced past the bound: refused before its bytes are waited for
        assertProtocolErrorEveryWay(limits, "*2\r\n$4\r\nAUTH\r\n$60\r\n", error);
        // a count line or an inline line that never ends
        assertProtocolErrorEveryWay(limits, "*" + "0".repeat(64), error);
        assertProtocolErrorEveryWay(limits, "AUTH " + "x".repeat(60), error);
        // exactly at the bound is fine
        String atBound = "*2\r\n$4\r\nAUTH\r\n$43\r\n" + "p".repeat(43) + "\r\n";
        assertEquals(64, bytes(atBound).length);
        assertEquals(List.of(List.of("AUTH", "p".repeat(43))), decodeEveryWay(limits, atBound));
    }

    @Test
    void theInputBoundCountsEveryCommandFramedUnderTheLimits() {
        RespLimits limits = RespLimits.UNAUTHENTICATED.withMaxInputBytes(64);
        List<List<String>> before = assertProtocolErrorOneWay(limits, List.of(bytes("PING\r\n".repeat(20))),
                "ERR Protocol error: unauthenticated input too long");
        assertEquals(10, before.size(), "ten 6-byte commands fit in 64 bytes, the eleventh does not: " + before);
        assertProtocolErrorEveryWay(limits, "\r\n".repeat(33), "ERR Protocol error: unauthenticated input too long");
        assertProtocolErrorEveryWay(RespLimits.DEFAULTS.withMaxInputBytes(64), "PING\r\n".repeat(11),
                "ERR Protocol error: input too long");
    }

    @Test
    void newLimitsStartTheirOwnInputCount() {
        RespLimits bounded = RespLimits.UNAUTHENTICATED.withMaxInputBytes(64);
        RespCommandDecoder decoder = new RespCommandDecoder(bounded);
        List<RespCommand> received = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                RespCommand command = (RespCommand) msg;
                if (command.argEqualsIgnoreCase(0, "auth")) {
                    decoder.limits(bounded);
                }
                received.add(command);
            }
        });
        String fifty = "AUTH " + "x".repeat(43) + "\r\n";
        channel.writeInbound(Unpooled.wrappedBuffer(bytes(fifty + fifty + fifty)));
        assertEquals(3, received.size(), "each AUTH starts a new count; three in one count would be 150 bytes");
        received.forEach(RespCommand::release);
        assertFalse(channel.finish());
    }

    @Test
    void aPausedDecoderFramesNothingUntilResumedThenTakesUpWhereItStopped() {
        RespCommandDecoder decoder = new RespCommandDecoder(RespLimits.UNAUTHENTICATED);
        List<String> received = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                RespCommand command = (RespCommand) msg;
                if (command.argEqualsIgnoreCase(0, "auth")) {
                    decoder.pause();
                    decoder.limits(RespLimits.DEFAULTS);
                }
                received.add(command.name() + " " + command.argCount());
                command.release();
            }
        });
        String bigBulk = "*2\r\n$4\r\nECHO\r\n$20000\r\n" + "x".repeat(20000) + "\r\n";
        channel.writeInbound(Unpooled.wrappedBuffer(bytes("AUTH secret\r\n" + bigBulk + PING)));
        assertEquals(List.of("auth 2"), received);
        assertTrue(decoder.heldBytes() >= bytes(bigBulk + PING).length, "the rest waits in the buffer");
        decoder.resume();
        assertEquals(List.of("auth 2", "echo 2", "ping 1"), received,
                "framed under the limits set while paused, with no new read");
        assertEquals(0, decoder.heldBytes());
        assertFalse(channel.finish());
    }

    @Test
    void emitsCommandsBeforeAnErrorAndNothingAfter() {
        List<List<String>> before = assertProtocolErrorOneWay(RespLimits.DEFAULTS,
                List.of(bytes(PING + "*x\r\n" + PING), bytes(PING), bytes("GET a\r\n")),
                "ERR Protocol error: invalid multibulk length");
        assertEquals(List.of(List.of("PING")), before);
    }

    @Test
    void decodesLargeBulkFedInSmallChunks() {
        byte[] payload = new byte[1024 * 1024];
        byte[] pattern = bytes("\r\n*1\r\n$4\r\nPING\r\n\n");
        for (int i = 0; i < payload.length; i++) {
            payload[i] = pattern[i % pattern.length];
        }
        byte[] input = concat(bytes("*2\r\n$3\r\nSET\r\n$" + payload.length + "\r\n"), payload, bytes("\r\n" + PING));
        RespCommandDecoder decoder = new RespCommandDecoder(RespLimits.DEFAULTS);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        List<ByteBuf> written = new ArrayList<>();
        for (byte[] chunk : Splits.chunks(input, 1024)) {
            ByteBuf buf = Splits.buffer(chunk);
            written.add(buf);
            channel.writeInbound(buf);
        }
        RespCommand set = channel.readInbound();
        RespCommand ping = channel.readInbound();
        assertNull(channel.readInbound());
        assertEquals(2, set.argCount());
        assertArrayEquals(payload, set.argBytes(1));
        assertEquals("ping", ping.name());
        assertTrue(set.release());
        assertTrue(ping.release());
        assertFalse(channel.finish());
        written.forEach(buf -> assertEquals(0, buf.refCnt()));
    }

    @Test
    void decodesNothingFromAnIncompleteCommandAtClose() {
        EmbeddedChannel channel = new EmbeddedChannel(new RespCommandDecoder(RespLimits.DEFAULTS));
        ByteBuf in = Unpooled.wrappedBuffer(bytes("*2\r\n$3\r\nGET\r\n$1\r\n"));
        assertFalse(channel.writeInbound(in));
        assertFalse(channel.finish());
        assertEquals(0, in.refCnt());
    }

    // --- helpers

    /** Decodes {@code input} cut every possible way, checks every way gives the same commands, and returns them. */
    private static List<List<String>> decodeEveryWay(RespLimits limits, String input) {
        List<List<String>> expected = null;
        for (List<byte[]> reads : Splits.everyWay(bytes(input))) {
            List<List<String>> decoded = decodeOneWay(limits, reads);
            if (expected == null) {
                expected = decoded;
            } else {
                assertEquals(expected, decoded, () -> "reads " + describe(reads));
            }
        }
        return expected;
    }

    /**
     * Feeds {@code reads} to a fresh decoder, checks each command is the canonical multibulk encoding of its
     * arguments, releases everything, checks nothing leaked, and returns the arguments.
     */
    private static List<List<String>> decodeOneWay(RespLimits limits, List<byte[]> reads) {
        EmbeddedChannel channel = new EmbeddedChannel(new RespCommandDecoder(limits));
        List<ByteBuf> written = new ArrayList<>();
        for (byte[] read : reads) {
            ByteBuf buf = Splits.buffer(read);
            written.add(buf);
            channel.writeInbound(buf);
        }
        List<List<String>> decoded = drain(channel);
        assertFalse(channel.finish());
        written.forEach(buf -> assertEquals(0, buf.refCnt()));
        return decoded;
    }

    private static void assertProtocolErrorEveryWay(RespLimits limits, String input, String expectedError) {
        for (List<byte[]> reads : Splits.everyWay(bytes(input))) {
            assertProtocolErrorOneWay(limits, reads, expectedError);
        }
    }

    /**
     * Feeds {@code reads}, expecting exactly one {@link RespProtocolException} with {@code expectedError}; then
     * feeds a valid command, which must not be emitted. Returns the commands emitted before the error.
     */
    private static List<List<String>> assertProtocolErrorOneWay(RespLimits limits, List<byte[]> reads,
                                                                String expectedError) {
        EmbeddedChannel channel = new EmbeddedChannel(new RespCommandDecoder(limits));
        List<ByteBuf> written = new ArrayList<>();
        List<List<String>> decoded = new ArrayList<>();
        RespProtocolException error = null;
        for (byte[] read : reads) {
            ByteBuf buf = Splits.buffer(read);
            written.add(buf);
            boolean failedBefore = error != null;
            try {
                channel.writeInbound(buf);
            } catch (RespProtocolException e) {
                assertNull(error, "a second error");
                error = e;
            }
            List<List<String>> emitted = drain(channel);
            if (failedBefore) {
                assertEquals(List.of(), emitted, "emitted a command after a protocol error");
            }
            decoded.addAll(emitted);
        }
        assertNotNull(error, () -> "no error for reads " + describe(reads));
        assertEquals(expectedError, error.redisError());
        assertEquals(expectedError, error.getMessage());

        ByteBuf after = Unpooled.wrappedBuffer(bytes(PING));
        written.add(after);
        assertFalse(channel.writeInbound(after), "emitted a command after a protocol error");
        assertFalse(channel.finish());
        written.forEach(buf -> assertEquals(0, buf.refCnt()));
        return decoded;
    }

    private static List<List<String>> drain(EmbeddedChannel channel) {
        List<List<String>> decoded = new ArrayList<>();
        for (RespCommand command; (command = channel.readInbound()) != null; ) {
            List<String> args = new ArrayList<>();
            byte[][] argBytes = new byte[command.argCount()][];
            for (int i = 0; i < command.argCount(); i++) {
                argBytes[i] = command.argBytes(i);
                args.add(text(argBytes[i]));
            }
            RespCommand canonical = RespCommand.of(argBytes);
            assertEquals(canonical.content(), command.content(), "not a canonical multibulk");
            canonical.release();
            assertTrue(command.release());
            assertEquals(0, command.refCnt());
            decoded.add(args);
        }
        return decoded;
    }

    private static List<String> args(RespCommand command) {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < command.argCount(); i++) {
            args.add(command.argString(i));
        }
        return args;
    }

    private static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static String describe(List<byte[]> reads) {
        return reads.stream().map(r -> "[" + text(r).replace("\r", "\\r").replace("\n", "\\n") + "]").toList()
                .toString();
    }
}

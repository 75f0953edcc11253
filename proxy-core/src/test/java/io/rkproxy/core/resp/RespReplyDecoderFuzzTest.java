package io.rkproxy.core.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.Unpooled;
import io.rkproxy.testkit.Fuzz;
import io.rkproxy.testkit.Mutations;
import io.rkproxy.testkit.RandomResp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the backend reply decoder ({@link Fuzz} says how to rerun a failing seed or run longer), with a
 * small bulk limit so that it is hit often. The decoder holds a whole top-level reply until it is complete (replies
 * come from a trusted backend), so what is bounded is the line or bulk it waits on, not the reply.
 */
class RespReplyDecoderFuzzTest {

    private static final int MAX_BULK = 64;
    private static final int MAX_DEPTH = 4;

    @Test
    void validRepliesFrameToExactlyThemselvesHoweverTheInputIsCut() {
        Fuzz.run("reply decoder, valid input", 1.5, random -> {
            RandomResp resp = new RandomResp(random, MAX_BULK);
            ByteArrayOutputStream input = new ByteArrayOutputStream();
            List<String> expected = new ArrayList<>();
            int longestReply = 0;
            int replies = 1 + random.nextInt(20);
            for (int i = 0; i < replies; i++) {
                byte[] reply = resp.reply(MAX_DEPTH);
                input.writeBytes(reply);
                expected.add(text(reply));
                longestReply = Math.max(longestReply, reply.length);
            }
            List<byte[]> reads = new Mutations(random).reads(input.toByteArray());
            DecoderRun.Outcome outcome = decode(reads, longestReply);
            assertNull(outcome.error(), "protocol error on valid input");
            assertEquals(expected, outcome.frames());
            outcome.frames().forEach(frame -> assertNotNull(RespValue.parse(Unpooled.wrappedBuffer(bytes(frame)))));
        });
    }

    @Test
    void brokenInputFailsOnlyWithAProtocolErrorTheSameWayHoweverItIsCut() {
        Map<String, Integer> errors = new TreeMap<>();
        Fuzz.run("reply decoder, broken input", 3, random -> {
            RandomResp resp = new RandomResp(random, MAX_BULK);
            ByteArrayOutputStream valid = new ByteArrayOutputStream();
            int replies = 1 + random.nextInt(8);
            for (int i = 0; i < replies; i++) {
                valid.writeBytes(resp.reply(MAX_DEPTH));
            }
            Mutations mutations = new Mutations(random);
            byte[] broken = mutations.mutate(valid.toByteArray());
            DecoderRun.Outcome whole = decode(List.of(broken), broken.length);
            DecoderRun.Outcome cut = decode(mutations.reads(broken), broken.length);
            assertEquals(whole, cut, "the same input cut into other reads");
            errors.merge(whole.errorKind(), 1, Integer::sum);
        });
        System.out.println("fuzz reply decoder, broken input: outcomes " + errors);
    }

    @Test
    void aLineThatNeverEndsIsRefusedOnceLongerThanTheBulkLimit() {
        Fuzz.run("reply decoder, endless line", 1, random -> {
            // An aggregate under way, then a line that goes on and on.
            byte[] prefix = bytes("*3\r\n+OK\r\n%1\r\n" + "+:$*-(,#_=!~>|".charAt(random.nextInt(14)));
            byte[] endless = new byte[20_000 + random.nextInt(200_000)];
            for (int i = 0; i < endless.length; i++) {
                endless[i] = (byte) ('0' + random.nextInt(10));
            }
            ByteArrayOutputStream input = new ByteArrayOutputStream();
            input.writeBytes(prefix);
            input.writeBytes(endless);
            List<byte[]> reads = new Mutations(random).reads(input.toByteArray());
            DecoderRun.Outcome outcome = decode(reads, prefix.length + MAX_BULK + 2);
            assertEquals(List.of(), outcome.frames());
            assertNotNull(outcome.error(), "the endless line was never refused");
        });
    }

    /** Decodes, holding no more than {@code pending} bytes of unfinished reply and a read (and Netty's slack). */
    private static DecoderRun.Outcome decode(List<byte[]> reads, int pending) {
        int longestRead = reads.stream().mapToInt(read -> read.length).max().orElse(0);
        // Netty grows its cumulation buffer to powers of two and discards consumed bytes only past half of it.
        long maxHeld = 4L * (pending + longestRead) + 1024;
        return DecoderRun.run(new RespReplyDecoder(MAX_BULK), reads, maxHeld);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}

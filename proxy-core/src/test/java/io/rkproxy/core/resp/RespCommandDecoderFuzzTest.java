package io.rkproxy.core.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
 * Seeded fuzzing of the client command decoder ({@link Fuzz} says how to rerun a failing seed or run longer), under
 * small limits so that they are hit often.
 */
class RespCommandDecoderFuzzTest {

    private static final int MAX_BULK = 64;
    private static final int MAX_ARGS = 8;
    private static final int MAX_INLINE = 64;
    private static final RespLimits LIMITS = new RespLimits(MAX_BULK, MAX_ARGS, MAX_INLINE);
    /** Pre-auth style: error texts of their own, and a bound on the input as a whole. */
    private static final RespLimits UNAUTHENTICATED = new RespLimits(MAX_BULK, MAX_ARGS, MAX_INLINE, false, 2048);
    /** The longest command the limits allow: the count line, then each argument's length line, payload and CRLF. */
    private static final long LONGEST_COMMAND = (MAX_INLINE + 2) + (long) MAX_ARGS * ((MAX_INLINE + 2) + MAX_BULK + 2);

    @Test
    void validCommandsFrameToExactlyTheirMultibulkHoweverTheInputIsCut() {
        Fuzz.run("command decoder, valid input", 2, random -> {
            RandomResp resp = new RandomResp(random, MAX_BULK);
            ByteArrayOutputStream input = new ByteArrayOutputStream();
            List<String> expected = new ArrayList<>();
            int commands = 1 + random.nextInt(30);
            for (int i = 0; i < commands; i++) {
                switch (random.nextInt(6)) {
                    case 0 -> input.writeBytes(resp.emptyCommand());
                    case 1, 2 -> {
                        List<byte[]> words = new ArrayList<>();
                        input.writeBytes(resp.inline(MAX_ARGS, MAX_INLINE, words));
                        if (!words.isEmpty()) {
                            expected.add(text(RandomResp.multibulk(words)));
                        }
                    }
                    default -> {
                        byte[] command = resp.multibulk(MAX_ARGS);
                        input.writeBytes(command);
                        expected.add(text(command));
                    }
                }
            }
            byte[] bytes = input.toByteArray();
            List<byte[]> reads = new Mutations(random).reads(bytes);
            DecoderRun.Outcome outcome = decode(LIMITS, reads);
            assertNull(outcome.error(), "protocol error on valid input");
            assertEquals(expected, outcome.frames());
        });
    }

    @Test
    void brokenInputFailsOnlyWithAProtocolErrorTheSameWayHoweverItIsCut() {
        Map<String, Integer> errors = new TreeMap<>();
        Fuzz.run("command decoder, broken input", 3, random -> {
            RespLimits limits = random.nextInt(4) == 0 ? UNAUTHENTICATED : LIMITS;
            RandomResp resp = new RandomResp(random, MAX_BULK);
            ByteArrayOutputStream valid = new ByteArrayOutputStream();
            int commands = 1 + random.nextInt(10);
            for (int i = 0; i < commands; i++) {
                valid.writeBytes(random.nextBoolean() ? resp.multibulk(MAX_ARGS)
                        : resp.inline(MAX_ARGS, MAX_INLINE, new ArrayList<>()));
            }
            Mutations mutations = new Mutations(random);
            byte[] broken = mutations.mutate(valid.toByteArray());
            DecoderRun.Outcome whole = decode(limits, List.of(broken));
            DecoderRun.Outcome cut = decode(limits, mutations.reads(broken));
            assertEquals(whole.frames(), cut.frames(), "frames of the same input cut into other reads");
            assertEquals(whole.error() != null, cut.error() != null, "whether the same input, cut, fails");
            if (limits.maxInputBytes() == Long.MAX_VALUE) {
                // With a bound on the input too, a long line may meet either bound first, depending on the reads.
                assertEquals(whole.error(), cut.error(), "the error for the same input cut into other reads");
            }
            errors.merge(whole.errorKind(), 1, Integer::sum);
        });
        System.out.println("fuzz command decoder, broken input: outcomes " + errors);
    }

    private static DecoderRun.Outcome decode(RespLimits limits, List<byte[]> reads) {
        int longestRead = reads.stream().mapToInt(read -> read.length).max().orElse(0);
        // Netty grows its cumulation buffer to powers of two and discards consumed bytes only past half of it.
        long maxHeld = 4 * (LONGEST_COMMAND + longestRead) + 1024;
        return DecoderRun.run(new RespCommandDecoder(limits), reads, maxHeld);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}

package io.rkproxy.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplyDecoder;
import io.rkproxy.testkit.Fuzz;
import io.rkproxy.testkit.Mutations;
import io.rkproxy.testkit.RandomResp;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of a backend connection's pipeline as {@link RedisConnector} builds it, reply decoder and
 * {@link BackendConnection}, on an embedded channel: random replies, whole or broken, cut into random reads, answer
 * commands in flight. {@link Fuzz} says how to rerun a failing seed or run longer.
 */
class BackendReplyFuzzTest {

    private static final int MAX_BULK = 64;
    private static final int MAX_DEPTH = 4;

    @Test
    void eachCommandGetsExactlyItsReplyHoweverTheRepliesAreCut() {
        Fuzz.run("backend connection, valid replies", 2, random -> {
            RandomResp resp = new RandomResp(random, MAX_BULK);
            ByteArrayOutputStream input = new ByteArrayOutputStream();
            List<String> expected = new ArrayList<>();
            int replies = 1 + random.nextInt(20);
            for (int i = 0; i < replies; i++) {
                if (random.nextInt(8) == 0) {
                    // A push between replies answers nothing.
                    input.writeBytes(">2\r\n$7\r\nmessage\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    input.writeBytes(resp.answer(1));
                }
                byte[] reply = resp.answer(MAX_DEPTH);
                input.writeBytes(reply);
                expected.add("reply " + new String(reply, StandardCharsets.ISO_8859_1));
            }
            List<String> outcomes = answer(replies, new Mutations(random).reads(input.toByteArray()));
            assertEquals(expected, outcomes);
        });
    }

    @Test
    void brokenRepliesAnswerEveryCommandOnceTheSameWayHoweverTheyAreCut() {
        Fuzz.run("backend connection, broken replies", 2, random -> {
            RandomResp resp = new RandomResp(random, MAX_BULK);
            ByteArrayOutputStream valid = new ByteArrayOutputStream();
            int replies = 1 + random.nextInt(8);
            for (int i = 0; i < replies; i++) {
                valid.writeBytes(resp.answer(MAX_DEPTH));
            }
            Mutations mutations = new Mutations(random);
            byte[] broken = mutations.mutate(valid.toByteArray());
            int commands = Math.max(1, replies + random.nextInt(3) - 1);
            assertEquals(answer(commands, List.of(broken)), answer(commands, mutations.reads(broken)),
                    "outcomes of the same replies cut into other reads");
        });
    }

    /**
     * Sends {@code commands} commands, feeds the reads, closes the connection; returns each command's one outcome,
     * after checking that every buffer came back.
     */
    private static List<String> answer(int commands, List<byte[]> reads) {
        UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
        BackendConnection connection = TestBackends.connection(10_000,
                new NodeStats(TestBackends.ADDRESS, new PoolHealth(TestBackends.POOL.name())), reason -> { });
        EmbeddedChannel channel = new EmbeddedChannel(new RespReplyDecoder(MAX_BULK), connection);
        channel.config().setAllocator(alloc);
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < commands; i++) {
            Outcome outcome = new Outcome();
            outcomes.add(outcome);
            connection.send(RespCommand.of("GET", "k" + i), outcome);
        }
        channel.runPendingTasks();
        releaseWritten(channel);
        List<ByteBuf> given = new ArrayList<>();
        for (byte[] read : reads) {
            if (!channel.isOpen()) {
                break;
            }
            ByteBuf input = alloc.heapBuffer(read.length).writeBytes(read);
            given.add(input);
            channel.writeInbound(input);
            channel.runPendingTasks();
            releaseWritten(channel);
        }
        channel.finishAndReleaseAll();
        assertFalse(connection.isOpen());
        assertEquals(0, alloc.metric().usedHeapMemory(), "bytes not released once the connection is closed");
        given.forEach(input -> assertEquals(0, input.refCnt(), "a read's reference count"));
        List<String> answers = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            assertEquals(1, outcome.answers.size(), "answers to one command: " + outcome.answers);
            answers.add(outcome.answers.get(0));
        }
        return answers;
    }

    private static void releaseWritten(EmbeddedChannel channel) {
        Object written;
        while ((written = channel.readOutbound()) != null) {
            ReferenceCountUtil.release(written);
        }
    }

    /** What one command got: its reply's bytes or an error, every time it was answered. */
    private static final class Outcome implements ReplyCallback {

        final List<String> answers = new ArrayList<>();

        @Override
        public void onReply(ByteBuf frame) {
            try {
                answers.add("reply " + frame.toString(StandardCharsets.ISO_8859_1));
            } finally {
                frame.release();
            }
        }

        @Override
        public void onError(String redisError) {
            answers.add("error " + redisError);
        }
    }
}

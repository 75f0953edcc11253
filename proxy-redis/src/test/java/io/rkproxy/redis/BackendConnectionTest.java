package io.rkproxy.redis;

import static io.rkproxy.redis.RespValues.OK;
import static io.rkproxy.redis.RespValues.array;
import static io.rkproxy.redis.RespValues.bulk;
import static io.rkproxy.redis.RespValues.error;
import static io.rkproxy.redis.RespValues.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.config.Address;
import io.rkproxy.core.config.PoolConfig;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespCommandDecoder;
import io.rkproxy.core.resp.RespLimits;
import io.rkproxy.core.resp.RespReplyDecoder;
import io.rkproxy.core.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A {@link BackendConnection} on an {@link EmbeddedChannel}: the commands it writes are read back, the backend's
 * replies are fed in, and a drop is the channel closing.
 */
class BackendConnectionTest {

    private static final Address ADDRESS = TestBackends.ADDRESS;
    private static final PoolConfig POOL = TestBackends.POOL;
    /** A shared connection's: long enough never to pass in a test that does not wait for it. */
    private static final long SHARED_TIMEOUT_MS = 10_000;
    private static final RespValue BUSY = error("BUSY Redis is busy running a script. You can only call SCRIPT KILL "
            + "or SHUTDOWN NOSAVE.");
    private static final String MAY_HAVE_RUN = "; the command may or may not have run";

    private final List<Backend> backends = new ArrayList<>();

    /** What a test left unread or unanswered: written commands, replies, the channels' buffers. */
    @AfterEach
    void releaseEverything() {
        for (Backend backend : backends) {
            backend.channel.finishAndReleaseAll();
            backend.commands.finishAndReleaseAll();
        }
    }

    /** A connection to {@link #ADDRESS} on its own embedded channel, closed after the test. */
    private final class Backend {

        final NodeStats node = new NodeStats(ADDRESS, new PoolHealth(POOL.name()));
        final List<String> closedWith = new ArrayList<>();
        final BackendConnection connection;
        final EmbeddedChannel channel;
        /** Frames what the connection writes back into commands. */
        private final EmbeddedChannel commands = new EmbeddedChannel(new RespCommandDecoder(RespLimits.DEFAULTS));

        /** @param responseTimeoutMs 0 for a pinned connection */
        Backend(long responseTimeoutMs) {
            connection = TestBackends.connection(responseTimeoutMs, node, closedWith::add);
            channel = new EmbeddedChannel(new RespReplyDecoder(RedisConnector.MAX_REPLY_BULK), connection);
            backends.add(this);
        }

        RecordedReply send(String... args) {
            return send(RespCommand.of(args));
        }

        RecordedReply send(RespCommand command) {
            RecordedReply reply = new RecordedReply();
            connection.send(command, reply);
            return reply;
        }

        /** Runs what is due on the event loop (and what that queues), then gives the commands written since. */
        List<String> written() {
            do {
                channel.runPendingTasks();
            } while (channel.hasPendingTasks());
            ByteBuf out;
            while ((out = channel.readOutbound()) != null) {
                commands.writeInbound(out);
            }
            List<String> sent = new ArrayList<>();
            RespCommand command;
            while ((command = commands.readInbound()) != null) {
                sent.add(RespValues.text(command));
                command.release();
            }
            return sent;
        }

        void answer(RespValue... replies) {
            for (RespValue reply : replies) {
                channel.writeInbound(RespValues.frame(reply));
            }
        }

        /** The connection drops, as when the backend goes away. */
        void drop() {
            channel.close();
        }

        long inFlight() {
            return node.status(Optional.empty()).inFlight();
        }
    }

    private static String unavailable(String cause) {
        return "ERR backend pool 'cache' is unavailable: node " + ADDRESS + ": " + cause;
    }

    /** A command as a session hands it on: a slice of the client's input, no larger than the command. */
    private static RespCommand fromClient(String... args) {
        EmbeddedChannel client = new EmbeddedChannel(new RespCommandDecoder(RespLimits.DEFAULTS));
        client.writeInbound(RespCommand.of(args).content());
        return client.readInbound();
    }

    /** Resends the reads of a connection that drops to {@code replacement}, as its connection slot does. */
    private static void resendReadsTo(Backend dropped, Backend replacement) {
        dropped.connection.resendReadsOnLoss(command -> command.name().equals("get"),
                replacement.connection::send);
    }

    @Test
    void eachReplyAnswersTheOldestCommandOutstanding() {
        Backend backend = new Backend(SHARED_TIMEOUT_MS);
        RecordedReply a = backend.send("GET", "a");
        RecordedReply b = backend.send("GET", "b");
        RecordedReply c = backend.send("INCR", "c");
        backend.answer(bulk("A"), bulk("B"), integer(3));
        assertEquals(bulk("A"), a.value());
        assertEquals(bulk("B"), b.value());
        assertEquals(integer(3), c.value());
        assertEquals(0, backend.inFlight());
    }

    @Test
    void aReplyHandlerThatThrowsGetsAnErrorAndTheSharedConnectionGoesOn() {
        Backend backend = new Backend(SHARED_TIMEOUT_MS);
        List<String> failed = new ArrayList<>();
        backend.connection.send(RespCommand.of("GET", "a"), new ReplyCallback() {
            @Override
            public void onReply(ByteBuf frame) {
                frame.release();
                throw new IllegalStateException("a bug");
            }

            @Override
            public void onError(String redisError) {
                failed.add(redisError);
            }
        });
        RecordedReply next = backend.send("GET", "b");
        backend.answer(bulk("A"), bulk("B"));

        assertEquals(List.of("ERR rkproxy could not handle the backend's reply: java.lang.IllegalStateException: a bug"),
                failed);
        assertEquals(bulk("B"), next.value());
        assertTrue(backend.closedWith.isEmpty(), "closed with " + backend.closedWith);
        assertTrue(backend.channel.isActive());
    }

    @Test
    void pipelinesCommandsWithoutWaitingForReplies() {
        Backend backend = new Backend(SHARED_TIMEOUT_MS);
        backend.send("GET", "a");
        backend.send("SET", "b", "1");
        assertEquals(List.of("GET a", "SET b 1"), backend.written());
        backend.send("GET", "c");
        assertEquals(List.of("GET c"), backend.written());
        assertEquals(3, backend.inFlight());
    }

    @Test
    void aReplyNobodyAskedForClosesTheConnection() {
        Backend backend = new Backend(SHARED_TIMEOUT_MS);
        backend.answer(OK);
        String reason = unavailable("sent a reply nobody asked for");
        assertEquals(List.of(reason), backend.closedWith);
        assertFalse(backend.channel.isOpen());
        assertEquals(reason, backend.send("GET", "a").error());
    }

    @Test
    void pushFramesGoToTheListenerAndAnswerNoCommand() {
        Backend backend = new Backend(SHARED_TIMEOUT_MS);
        List<RespValue> pushes = new ArrayList<>();
        backend.connection.onPush(frame -> pushes.add(RespValue.consume(frame)));
        RecordedReply get = backend.send("GET", "a");
        backend.channel.writeInbound(Unpooled.copiedBuffer(">2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\na\r\n",
                StandardCharsets.US_ASCII));
        assertFalse(get.answered());
        backend.answer(bulk("A"));
        assertEquals(bulk("A"), get.value());
        assertEquals(List.of(array(bulk("invalidate"), array(bulk("a")))), pushes);
    }

    @Test
    void commandsUnansweredPastTheResponseTimeoutFailAndCloseTheConnection() throws InterruptedException {
        Backend backend = new Backend(30);
        RecordedReply a = backend.send("GET", "a");
        RecordedReply b = backend.send("GET", "b");
        Thread.sleep(60);
        backend.channel.runScheduledPendingTasks();
        String reason = unavailable("no reply within 30 ms");
        assertEquals(reason + MAY_HAVE_RUN, a.error());
        assertEquals(reason + MAY_HAVE_RUN, b.error());
        assertEquals(List.of(reason), backend.closedWith);
        assertFalse(backend.channel.isOpen());
        assertEquals(0, backend.inFlight());
    }

    @Test
    void commandsAnsweredInTimeKeepTheConnectionOpen() throws InterruptedException {
        Backend backend = new Backend(30);
        RecordedReply a = backend.send("GET", "a");
        backend.answer(bulk("A"));
        Thread.sleep(60);
        backend.channel.runScheduledPendingTasks();
        assertEquals(bulk("A"), a.value());
        assertTrue(backend.connection.isOpen());
        assertEquals(List.of(), backend.closedWith);
    }

    @Test
    void aDropFailsCommandsInFlightSayingTheyMayHaveRunAndLaterOnesSayingTheyDidNot() {
        Backend backend = new Backend(SHARED_TIMEOUT_MS);
        RecordedReply set = backend.send("SET", "x", "1");
        RecordedReply get = backend.send("GET", "a");
        backend.drop();
        String reason = unavailable("connection lost");
        assertEquals(reason + MAY_HAVE_RUN, set.error());
        assertEquals(reason + MAY_HAVE_RUN, get.error(), "without resendReadsOnLoss, reads fail too");
        assertEquals(List.of(reason), backend.closedWith);
        assertEquals(reason, backend.send("GET", "b").error());
        assertEquals(0, backend.inFlight());
    }

    @Test
    void aDropResendsTheTrailingReadsInOrderAndFailsTheWriteBeforeThem() {
        Backend first = new Backend(SHARED_TIMEOUT_MS);
        Backend replacement = new Backend(SHARED_TIMEOUT_MS);
        resendReadsTo(first, replacement);
        RecordedReply set = first.send("SET", "x", "1");
        RecordedReply a = first.send("GET", "a");
        RecordedReply b = first.send("GET", "b");
        first.drop();
        assertEquals(unavailable("connection lost") + MAY_HAVE_RUN, set.error());
        assertEquals(List.of("GET a", "GET b"), replacement.written());
        replacement.answer(bulk("A"), bulk("B"));
        assertEquals(bulk("A"), a.value());
        assertEquals(bulk("B"), b.value());
        assertEquals(0, first.inFlight());
    }

    @Test
    void aReadSentBeforeAWriteIsNotResent() {
        Backend first = new Backend(SHARED_TIMEOUT_MS);
        Backend replacement = new Backend(SHARED_TIMEOUT_MS);
        resendReadsTo(first, replacement);
        RecordedReply before = first.send("GET", "a");
        first.send("INCR", "n");
        first.send("GET", "b");
        first.drop();
        assertEquals(unavailable("connection lost") + MAY_HAVE_RUN, before.error(),
                "sending it again could let it see the INCR it came before");
        assertEquals(List.of("GET b"), replacement.written());
    }

    @Test
    void aReadIsResentOnlyOnce() {
        Backend first = new Backend(SHARED_TIMEOUT_MS);
        Backend second = new Backend(SHARED_TIMEOUT_MS);
        Backend third = new Backend(SHARED_TIMEOUT_MS);
        resendReadsTo(first, second);
        resendReadsTo(second, third);
        RecordedReply get = first.send("GET", "a");
        first.drop();
        assertEquals(List.of("GET a"), second.written());
        second.drop();
        assertEquals(unavailable("connection lost") + MAY_HAVE_RUN, get.error());
        assertEquals(List.of(), third.written());
    }

    @Test
    void aDropAnswersEveryCommandWhenChoosingWhatToResendReadsTheirArguments() {
        Backend first = new Backend(SHARED_TIMEOUT_MS);
        Backend replacement = new Backend(SHARED_TIMEOUT_MS);
        // decides by the subcommand, as CommandSpec.resolve does for a container command such as OBJECT
        first.connection.resendReadsOnLoss(command -> command.argEqualsIgnoreCase(1, "ENCODING"),
                replacement.connection::send);
        RecordedReply set = first.send(fromClient("SET", "a", "1"));
        RecordedReply object = first.send(fromClient("OBJECT", "ENCODING", "a"));
        first.written();
        first.drop();
        String reason = unavailable("connection lost");
        assertEquals(reason + MAY_HAVE_RUN, set.error());
        assertEquals(List.of(reason), first.closedWith, "its connection slot hears of the loss, and reconnects");
        assertEquals(List.of("OBJECT ENCODING a"), replacement.written());
        replacement.answer(bulk("embstr"));
        assertEquals(bulk("embstr"), object.value());
    }

    @Test
    void aConnectionClosedOnPurposeResendsNothing() {
        Backend first = new Backend(SHARED_TIMEOUT_MS);
        Backend replacement = new Backend(SHARED_TIMEOUT_MS);
        resendReadsTo(first, replacement);
        RecordedReply get = first.send("GET", "a");
        first.connection.close("ERR the backend pool was closed");
        assertEquals("ERR the backend pool was closed" + MAY_HAVE_RUN, get.error());
        assertEquals(List.of(), replacement.written());
    }

    @Test
    void commandsRefusedWithBusyAreSentAgainInOrderAndTheClientNeverSeesBusy() {
        Backend backend = new Backend(SHARED_TIMEOUT_MS);
        RecordedReply a = backend.send("GET", "a");
        RecordedReply b = backend.send("GET", "b");
        assertEquals(List.of("GET a", "GET b"), backend.written());
        backend.answer(BUSY, BUSY);
        assertEquals(List.of("GET a", "GET b"), backend.written());
        backend.answer(bulk("A"), bulk("B"));
        assertEquals(bulk("A"), a.value());
        assertEquals(bulk("B"), b.value());
    }

    @Test
    void commandsSentWhileSomeAreRefusedWaitBehindThem() {
        Backend backend = new Backend(SHARED_TIMEOUT_MS);
        RecordedReply a = backend.send("GET", "a");
        RecordedReply b = backend.send("GET", "b");
        backend.written();
        backend.answer(BUSY);
        RecordedReply c = backend.send("GET", "c");
        assertEquals(List.of(), backend.written(), "GET c waits: GET b may yet be refused too");
        backend.answer(BUSY);
        assertEquals(List.of("GET a", "GET b", "GET c"), backend.written());
        backend.answer(bulk("A"), bulk("B"), bulk("C"));
        assertEquals(List.of(bulk("A"), bulk("B"), bulk("C")), List.of(a.value(), b.value(), c.value()));
    }

    @Test
    void refusedAgainTheyAreRetriedAfterAPause() {
        Backend backend = new Backend(SHARED_TIMEOUT_MS);
        backend.channel.freezeTime();
        RecordedReply a = backend.send("GET", "a");
        backend.written();
        backend.answer(BUSY);
        assertEquals(List.of("GET a"), backend.written(), "the first time at once");
        backend.answer(BUSY);
        assertEquals(List.of(), backend.written());
        backend.channel.advanceTimeBy(BusyReplay.BUSY_RETRY_MS, TimeUnit.MILLISECONDS);
        assertEquals(List.of("GET a"), backend.written());
        backend.answer(bulk("A"));
        assertEquals(bulk("A"), a.value());
    }

    @Test
    void whenACommandSentAfterARefusedOneRunsTheRefusedOneGetsBusy() {
        Backend backend = new Backend(SHARED_TIMEOUT_MS);
        RecordedReply a = backend.send("GET", "a");
        RecordedReply b = backend.send("GET", "b");
        backend.written();
        backend.answer(BUSY, bulk("B"));
        assertTrue(a.error().startsWith("BUSY "), a.error());
        assertEquals(bulk("B"), b.value());
        assertEquals(List.of(), backend.written(), "sending GET a again would run it after GET b");
    }

    @Test
    void aPinnedConnectionHandsBusyToTheClient() {
        Backend pinned = new Backend(0);
        RecordedReply a = pinned.send("GET", "a");
        pinned.answer(BUSY);
        assertEquals(BUSY, a.value());
        assertEquals(List.of("GET a"), pinned.written());
    }

    @Test
    void aDropFailsRefusedAndWaitingCommandsAsNotRun() {
        Backend backend = new Backend(SHARED_TIMEOUT_MS);
        RecordedReply a = backend.send("GET", "a");
        RecordedReply b = backend.send("GET", "b");
        backend.written();
        backend.answer(BUSY);
        RecordedReply c = backend.send("GET", "c");
        backend.drop();
        String reason = unavailable("connection lost");
        assertEquals(reason, a.error(), "Redis refused it: it did not run");
        assertEquals(reason + MAY_HAVE_RUN, b.error());
        assertEquals(reason, c.error(), "never sent");
    }

    @Test
    void theProxysOwnUnorderedCommandsAreNotHeldBehindRefusedOnes() {
        Backend backend = new Backend(SHARED_TIMEOUT_MS);
        backend.send("GET", "a");
        backend.send("GET", "b");
        backend.written();
        backend.answer(BUSY);
        backend.connection.sendUnordered(RespCommand.of("PING"), new RecordedReply());
        assertEquals(List.of("PING"), backend.written());
    }
}

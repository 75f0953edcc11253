package io.rkproxy.core.session;

import static io.rkproxy.core.resp.Resp.OK;
import static io.rkproxy.core.resp.Resp.bulk;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rkproxy.core.backend.FakeLink;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code CLIENT REPLY ON|OFF|SKIP}, which the proxy honours by dropping the replies the client asked not to get. */
class ClientReplyTest {

    private static final String PONG = "+PONG\r\n";

    private final TestProxy proxy = new TestProxy("""
            pools:
              cache: {type: redis, nodes: ["127.0.0.1:6379"]}
            tenants:
              alice: {password: alice-secret, pool: cache, db: 1}
            """);
    private final TestClient alice = proxy.connect("alice-secret");
    private final FakeLink link = proxy.pool("cache").shared("alice");

    @AfterEach
    void close() {
        proxy.close();
    }

    @Test
    void offDropsEveryReplyUntilOnWhichIsAnswered() {
        alice.send("CLIENT REPLY OFF", "PING", "GET a");
        link.reply(bulk("A"));
        assertEquals("", alice.replies());
        assertEquals(List.of("GET a"), link.sent(), "the commands still ran");

        alice.send("CLIENT REPLY ON", "PING");
        assertEquals(OK + PONG, alice.replies());
    }

    @Test
    void skipDropsOnlyTheNextCommandsReply() {
        alice.send("CLIENT REPLY SKIP", "GET a", "PING");
        link.reply(bulk("A"));
        assertEquals(PONG, alice.replies());
    }

    @Test
    void skipWhileOffLeavesRepliesOff() {
        alice.send("CLIENT REPLY OFF", "CLIENT REPLY SKIP", "PING", "PING");
        assertEquals("", alice.replies());
    }

    @Test
    void resetTurnsRepliesBackOn() {
        alice.send("CLIENT REPLY OFF", "RESET");
        assertEquals("+RESET\r\n", alice.replies());
    }

    @Test
    void anUnknownModeIsASyntaxError() {
        alice.send("CLIENT REPLY LOUD", "CLIENT REPLY");
        assertEquals("-ERR syntax error\r\n-ERR wrong number of arguments for 'client|reply' command\r\n",
                alice.replies());
    }
}

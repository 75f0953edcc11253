package io.rkproxy.redis.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.rkproxy.core.config.Address;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedirectTest {

    private static final Address FROM = new Address("10.0.0.1", 7000);

    private static Optional<Redirect> of(String reply) {
        ByteBuf frame = Unpooled.copiedBuffer(reply, StandardCharsets.US_ASCII);
        try {
            return Redirect.of(frame, FROM);
        } finally {
            frame.release();
        }
    }

    @Test
    void readsMovedAndAskWithTheirSlotAndTarget() {
        assertEquals(Optional.of(new Redirect(Redirect.Kind.MOVED, 3999, new Address("127.0.0.1", 6381))),
                of("-MOVED 3999 127.0.0.1:6381\r\n"));
        assertEquals(Optional.of(new Redirect(Redirect.Kind.ASK, 12, new Address("::1", 7002))),
                of("-ASK 12 ::1:7002\r\n"));
    }

    @Test
    void aTargetWithoutHostIsOnTheHostThatReplied() {
        assertEquals(Optional.of(new Redirect(Redirect.Kind.MOVED, 1, new Address("10.0.0.1", 7005))),
                of("-MOVED 1 :7005\r\n"));
    }

    @Test
    void tryagainIsARedirectionToTheSameSlot() {
        assertEquals(Redirect.Kind.TRYAGAIN,
                of("-TRYAGAIN Multiple keys request during rehashing of slot\r\n").orElseThrow().kind());
    }

    @Test
    void otherRepliesAreNot() {
        for (String reply : new String[] {"+OK\r\n", "-ERR wrong\r\n", "-MOVEDX 1 a:1\r\n", "-MOVED x a:1\r\n",
                "$5\r\nMOVED\r\n", "-CLUSTERDOWN The cluster is down\r\n", "-ASK 1\r\n"}) {
            assertTrue(of(reply).isEmpty(), reply);
        }
    }
}

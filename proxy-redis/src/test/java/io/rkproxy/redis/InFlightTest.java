package io.rkproxy.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.resp.RespCommand;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InFlightTest {

    private record Named(int n) implements ReplyCallback {

        @Override
        public void onReply(ByteBuf frame) {
        }

        @Override
        public void onError(String redisError) {
        }
    }

    @Test
    void entriesLeaveOldestFirstWithWhatTheyWereSentWithAsTheRingWrapsAndGrows() {
        InFlight inFlight = new InFlight();
        int next = 0;
        int expected = 0;
        for (int round = 0; round < 50; round++) {
            for (int k = 0; k < round; k++, next++) {
                inFlight.add(new Named(next), 1000L + next, null, next * 3);
            }
            for (int k = 0; k < round / 2; k++, expected++) {
                int i = inFlight.oldest();
                assertEquals(new Named(expected), inFlight.callback(i));
                assertEquals(1000L + expected, inFlight.sentAtNanos(i));
                assertEquals(expected * 3, inFlight.start(i));
                inFlight.removeOldest();
            }
        }
        assertEquals(next - expected, inFlight.size());
        while (!inFlight.isEmpty()) {
            assertEquals(new Named(expected++), inFlight.callback(inFlight.oldest()));
            inFlight.removeOldest();
        }
        assertEquals(next, expected);
    }

    @Test
    void theNewestCanBeTakenOffTheOtherEnd() {
        InFlight inFlight = new InFlight();
        List<RespCommand> commands = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
            RespCommand command = n % 2 == 0 ? RespCommand.of("GET", "k" + n) : null;
            commands.add(command);
            inFlight.add(new Named(n), n, command, 0);
        }
        assertEquals(10, inFlight.commands());
        for (int n = 19; n >= 10; n--) {
            int i = inFlight.newest();
            assertEquals(new Named(n), inFlight.callback(i));
            assertSame(commands.get(n), inFlight.command(i));
            inFlight.removeNewest();
        }
        assertEquals(10, inFlight.size());
        assertEquals(5, inFlight.commands());
        assertEquals(new Named(0), inFlight.callback(inFlight.oldest()));
        assertNull(inFlight.command(inFlight.newest()), "entry 9 sent nothing to send again");
        commands.stream().filter(c -> c != null).forEach(c -> assertTrue(c.release()));
    }
}

package io.rkproxy.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AddressTest {

    @Test
    void parsesHostPortAndBracketedIpv6() {
        assertEquals(Optional.of(new Address("127.0.0.1", 6379)), Address.parse("127.0.0.1:6379"));
        assertEquals(Optional.of(new Address("redis.internal", 1)), Address.parse("redis.internal:1"));
        assertEquals(Optional.of(new Address("::1", 6379)), Address.parse("[::1]:6379"));
        assertEquals("[::1]:6379", new Address("::1", 6379).toString());
    }

    @Test
    void rejectsWhatIsNotAnAddress() {
        for (String bad : new String[] {"localhost", ":6379", "host:", "host:0", "host:65536", "host:x", "::1:6379",
                "a b:1", "[::1]6379"}) {
            assertTrue(Address.parse(bad).isEmpty(), bad);
        }
    }
}

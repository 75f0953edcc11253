package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rkproxy.testkit.RespSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuthThrottlingTest {

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension("alice: {password: alice-secret, pool: cache, db: 1}")
            .withServerKeys("auth-max-failures: 3");

    @Test
    void repeatedFailuresFromOneAddressAreRefusedWithoutCheckingThePassword() {
        try (RespSocket c = new RespSocket(proxy.port())) {
            for (int i = 0; i < 3; i++) {
                assertEquals("-WRONGPASS invalid username-password pair or user is disabled.",
                        c.call("AUTH", "guess" + i));
            }
            String throttled = "-ERR too many failed authentication attempts from this address, retry later";
            assertEquals(throttled, c.call("AUTH", "alice-secret"));
            try (RespSocket other = new RespSocket(proxy.port())) {
                assertEquals(throttled, other.call("AUTH", "alice-secret"));
            }
        }
    }
}

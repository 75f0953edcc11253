package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rkproxy.testkit.RedisServer;
import io.rkproxy.testkit.RespSocket;
import org.junit.jupiter.api.Test;

class AuthThrottlingTest {

    @Test
    void repeatedFailuresFromOneAddressAreRefusedWithoutCheckingThePassword() {
        try (RedisServer redis = RedisServer.start();
             RunningProxy proxy = RunningProxy.start(RunningProxy.config(redis.address(),
                             "alice: {password: alice-secret, pool: cache, db: 1}")
                     .replace("  port: ${port}", "  port: ${port}\n  auth-max-failures: 3"));
             RespSocket c = new RespSocket(proxy.port())) {
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
